// Every operation of the live OpenAPI document, for tests that go over all of them (bad-input catalogue, fuzz).
export interface DocumentedOperation {
  method: string;
  /** The path template, e.g. /api/v1/model/{model_id}. */
  template: string;
  params: string[];
  takesBody: boolean;
}

export interface OpenApiPaths {
  paths: Record<string, Record<string, { requestBody?: unknown; responses?: unknown }>>;
}

export function operationsOf(document: OpenApiPaths): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      params: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
      takesBody: operation.requestBody !== undefined,
    })),
  );
}

/** A well-formed id that nothing has, for a path parameter of that name. */
export function unknownIdFor(param: string): string {
  return param === "portfolio_id" ? "PF0000000000000000099999" : "0123456789abcdef01234567";
}

/** The template with every parameter filled by `valueOf` (already encoded as it should be sent). */
export function fillPath(template: string, valueOf: (param: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => valueOf(name));
}
