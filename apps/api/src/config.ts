// The API's environment schema: the shared sections it needs, composed once (ARCHITECTURE "Configuration").
import { commonEnv, mongoEnv, serverEnv, storeEnv } from "@ogs/config";
import { z } from "zod";

export const apiEnv = z.object({ ...commonEnv.shape, ...mongoEnv.shape, ...storeEnv.shape, ...serverEnv.shape });

export type ApiConfig = z.output<typeof apiEnv>;
