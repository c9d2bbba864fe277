// fast-check arbitraries for requests to one documented operation: random path ids (bad percent-encodings
// among them), random query strings, random JSON and non-JSON bodies, content types and encodings, bodies
// compressed as they claim or not.
import fc from "fast-check";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { fillPath, type DocumentedOperation } from "./operations.js";
import type { RawRequest } from "./raw-request.js";

const BAD_ESCAPES = ["%ZZ", "%", "%4", "%E0%A4%A", "%C0%AF", "%FF", "%ED%A0%80", "%%", "%u0041"];
/** Query keys the API knows somewhere, so some requests get past "unknown parameter". */
const KNOWN_KEYS = ["offset", "limit", "sort_by", "version", "portfolio_limit"];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/json; charset=utf-foo",
  "application/json; charset",
  "application/merge-patch+json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "*/*",
  "not a media type",
];
const ENCODINGS = ["gzip", "deflate", "br", "identity", "zstd", "x-unknown", "gzip, br", "GZIP"];

const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);
const badEscape = fc
  .tuple(fc.string({ unit: fc.constantFrom("a", "1", "-", "_") }), fc.constantFrom(...BAD_ESCAPES), fc.string())
  .map(([prefix, bad, suffix]) => `${prefix}${bad}${encodeURIComponent(suffix)}`);
const anyText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).map(encodeURIComponent);

/** A path segment for an id: well-formed but unknown, any text (encoded), or a bad escape. */
export const pathId = fc.oneof(hexId, anyText, badEscape, fc.constantFrom(".", "..", "%2F", "%00", "a".repeat(300)));

const queryPart = fc.oneof(fc.string({ maxLength: 20 }).map(encodeURIComponent), badEscape, fc.integer().map(String));
export const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_KEYS), queryPart), queryPart), { maxLength: 4 })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join("&"));

const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ name: value, positions: [], portfolios: [value] })),
  fc
    .record(
      { url: fc.webUrl(), portfolios: fc.array(fc.string()), callback_url: fc.string(), version: fc.integer() },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
const bodyBytes = fc.oneof(
  jsonText.map((text) => Buffer.from(text)),
  fc.string({ maxLength: 60 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

const COMPRESSORS: Record<string, (body: Buffer) => Buffer> = {
  gzip: (body) => gzipSync(body),
  deflate: (body) => deflateSync(body),
  br: (body) => brotliCompressSync(body),
};

/** The body compressed as `encoding` says, when the API can decompress that encoding. */
function compress(encoding: string | undefined, body: Buffer): Buffer {
  const compressor = encoding === undefined ? undefined : COMPRESSORS[encoding.toLowerCase()];
  return compressor ? compressor(body) : body;
}

/** A request to `operation`, with every part random. */
export function requestTo(operation: DocumentedOperation): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      ids: fc.array(pathId, { minLength: operation.params.length, maxLength: operation.params.length }),
      query: fc.option(queryString, { nil: undefined }),
      body: fc.option(bodyBytes, { nil: undefined }),
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
      encoding: fc.option(fc.constantFrom(...ENCODINGS), { nil: undefined }),
      compressed: fc.boolean(),
    })
    .map(({ ids, query, body, contentType, encoding, compressed }) => {
      const path = fillPath(operation.template, (name) => ids[operation.params.indexOf(name)]!);
      return {
        method: operation.method,
        path: query === undefined ? path : `${path}?${query}`,
        headers: {
          ...(contentType ? { "content-type": contentType } : {}),
          ...(encoding ? { "content-encoding": encoding } : {}),
        },
        ...(body === undefined ? {} : { body: compressed ? compress(encoding, body) : body }),
      };
    });
}
