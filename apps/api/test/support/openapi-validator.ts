// Checks a response against the live /openapi.json (SPEC §7: "the tests check that responses conform"):
// the path, method and status must be documented, the media type must match, and the body must
// satisfy the documented JSON Schema (OpenAPI 3.1 = JSON Schema 2020-12, checked with ajv). Headers: every
// documented `required` header must be there, and the API's own headers must be documented where sent.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, object> };
}

export interface CheckedResponse {
  method: string;
  /** Request path without query string. */
  path: string;
  status: number;
  contentType: string | null;
  headers: Headers;
  body: unknown;
}

/** Headers the API sets itself: a response carrying one must document it (lower case, as Headers yields them). */
const DOCUMENTED_WHEN_SENT = [
  "location",
  "link",
  "allow",
  "x-total-count",
  "preference-applied",
  "idempotent-replayed",
  "www-authenticate",
];

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function createResponseValidator(document: OpenApiDocument) {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const defs = JSON.parse(
    JSON.stringify(document.components?.schemas ?? {}).replaceAll("#/components/schemas/", "#/$defs/"),
  ) as Record<string, object>;
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));

  function compile(key: string, schema: object): ValidateFunction {
    let validate = compiled.get(key);
    if (!validate) {
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll("#/components/schemas/", "#/$defs/")) as object;
      validate = ajv.compile({ ...rewritten, $defs: defs });
      compiled.set(key, validate);
    }
    return validate;
  }

  function check(key: string, schema: object, body: unknown, where: string): void {
    const validate = compile(key, schema);
    if (!validate(body))
      throw new Error(
        `${where}: body does not match /openapi.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
      );
  }

  return function validateResponse(response: CheckedResponse): void {
    const where = `${response.method} ${response.path} -> ${response.status}`;
    const media = response.contentType?.split(";")[0]?.trim() ?? null;
    const matches = templates.filter(({ pattern }) => pattern.test(response.path));
    const match =
      matches.find(({ template }) => document.paths[template]?.[response.method.toLowerCase()] !== undefined) ??
      matches[0];
    const operation = match ? document.paths[match.template]?.[response.method.toLowerCase()] : undefined;
    if (!match || !operation) {
      // A known path asked with another method is a 405 listing the path's methods; an unknown path a 404.
      if (match) {
        const documented = matches.flatMap(({ template }) =>
          Object.keys(document.paths[template] ?? {}).map((method) => method.toUpperCase()),
        );
        const allowed = new Set(documented.includes("GET") ? [...documented, "HEAD"] : documented);
        if (response.status !== 405)
          throw new Error(
            `${where}: ${match.template} is documented without ${response.method}, so the answer must be 405`,
          );
        const allow = (response.headers.get("allow") ?? "").split(",").map((method) => method.trim());
        if (allow.length !== allowed.size || !allow.every((method) => allowed.has(method)))
          throw new Error(`${where}: Allow "${response.headers.get("allow")}" is not ${[...allowed].join(", ")}`);
      } else if (response.status !== 404) {
        throw new Error(`${where}: path is not in /openapi.json`);
      }
      if (media !== "application/problem+json")
        throw new Error(`${where}: an unknown route or method must answer a problem`);
      check("#/components/schemas/Problem", { $ref: "#/components/schemas/Problem" }, response.body, where);
      return;
    }
    const documented = operation.responses[String(response.status)];
    if (!documented) throw new Error(`${where}: status ${response.status} is not documented for ${match.template}`);
    const headers = Object.entries(documented.headers ?? {});
    for (const [header, { required }] of headers) {
      if (required === true && !response.headers.has(header))
        throw new Error(`${where}: required header ${header} is missing`);
    }
    const documentedHeaders = new Set(headers.map(([header]) => header.toLowerCase()));
    for (const header of DOCUMENTED_WHEN_SENT) {
      if (response.headers.has(header) && !documentedHeaders.has(header))
        throw new Error(`${where}: header ${header} is sent but not documented`);
    }
    if (!documented.content) {
      if (response.body !== undefined) throw new Error(`${where}: documented without a body but one was sent`);
      return;
    }
    if (!media || !documented.content[media])
      throw new Error(
        `${where}: media type ${media} is not documented (${Object.keys(documented.content).join(", ")})`,
      );
    const schema = documented.content[media]?.schema;
    if (schema && media.endsWith("json"))
      check(`${match.template} ${response.method} ${response.status} ${media}`, schema, response.body, where);
  };
}

export type ResponseValidator = ReturnType<typeof createResponseValidator>;
