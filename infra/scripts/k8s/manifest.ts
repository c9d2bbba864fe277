// The shape of a rendered Kubernetes manifest as the infra checks read it, and small typed accessors
// over the untyped YAML (so the policy code stays readable without `any`).
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A scalar read from a manifest as text ("" when absent), never "[object Object]". */
export function text(value: unknown, absent = ""): string {
  if (value === undefined || value === null) return absent;
  return typeof value === "object" ? JSON.stringify(value) : `${value as string | number | boolean}`;
}

/** Reads a nested field (`get(doc, "spec", "template", "spec")`); undefined when any step is missing. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === "number") current = Array.isArray(current) ? current[step] : undefined;
    else current = isObject(current) ? current[step] : undefined;
  }
  return current;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function labelsOf(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** True when every label of `selector` is present with the same value in `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

export function asManifests(docs: unknown[]): Manifest[] {
  return docs.filter(
    (doc): doc is Manifest =>
      isObject(doc) && typeof doc.kind === "string" && typeof doc.apiVersion === "string" && isObject(doc.metadata),
  );
}

export const describe = (doc: Manifest) => `${doc.kind}/${doc.metadata.name}`;
