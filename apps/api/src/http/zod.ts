// zod with the `.openapi()` extension, so one schema both validates requests and documents them
// (ARCHITECTURE "Validation and OpenAPI from one source"). Schema files import `z` from here.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };
