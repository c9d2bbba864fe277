// Loads the GlobeCo OpenAPI documents from ../shared/contracts at test time and compiles ajv validators
// for one operation's response. Schemas are made strict for our checks: every declared property must
// be present (the contracts rarely say `required`) and no undeclared one may appear, so a renamed or
// misspelt field fails the test.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";

// ajv-formats is CommonJS with a `default` export; under NodeNext the callable is `.default`.
const addFormats = formats.default;

const CONTRACTS = new URL("../../../../shared/contracts/", import.meta.url);

export type ContractName = "portfolio-accounting" | "security" | "pricing" | "portfolio" | "order";

interface StrictOptions {
  /** Schemas left as written (error bodies the simulators fill only partly). */
  lenient?: string[];
  /** `Schema.property` entries that may be absent. */
  optional?: string[];
  /** Replaces property schemas: `{ "dto.X.field": schema }`. */
  override?: Record<string, unknown>;
}

type JsonObject = Record<string, unknown>;

export function loadContract(name: ContractName, options: StrictOptions = {}) {
  const doc = JSON.parse(
    readFileSync(new URL(`globeco-${name}-service.openapi.json`, CONTRACTS), "utf8"),
  ) as JsonObject;
  const swagger2 = typeof doc.swagger === "string";
  const schemas = (swagger2 ? doc.definitions : (doc.components as JsonObject).schemas) as Record<string, JsonObject>;
  for (const [schemaName, schema] of Object.entries(schemas)) {
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (!properties) continue;
    for (const [key, replacement] of Object.entries(options.override ?? {})) {
      const [owner, property] = [key.slice(0, key.lastIndexOf(".")), key.slice(key.lastIndexOf(".") + 1)];
      if (owner === schemaName) properties[property] = replacement;
    }
    if (options.lenient?.includes(schemaName)) continue;
    schema.required = Object.keys(properties).filter((p) => !options.optional?.includes(`${schemaName}.${p}`));
    schema.additionalProperties = false;
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  const id = `contract:${name}`;
  ajv.addSchema({ ...doc, $id: id });
  const basePath = swagger2 ? (typeof doc.basePath === "string" ? doc.basePath : "") : "";

  return {
    /** Validator of the response body of `method path` (path as in the document, without basePath) for `status`. */
    response(method: string, path: string, status: number): ValidateFunction {
      const operation = ((doc.paths as JsonObject)[path] as JsonObject | undefined)?.[method.toLowerCase()] as
        JsonObject | undefined;
      const response = (operation?.responses as JsonObject | undefined)?.[String(status)] as JsonObject | undefined;
      if (!response) throw new Error(`${name}: ${method} ${path} documents no ${status} response`);
      const pointer = ["paths", path, method.toLowerCase(), "responses", String(status)].map(escape).join("/");
      if (swagger2) return ajv.compile({ $ref: `${id}#/${pointer}/schema` });
      const mediaType = Object.keys(response.content as JsonObject)[0]!;
      return ajv.compile({ $ref: `${id}#/${pointer}/content/${escape(mediaType)}/schema` });
    },
    basePath,
  };
}

function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/** The validation errors as readable text for an assertion message. */
export function describeErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 1);
}
