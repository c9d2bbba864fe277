// Just enough of the protobuf wire format to read an OTLP ExportTraceServiceRequest (opentelemetry-proto
// trace/v1/trace.proto, common/v1/common.proto) into the JSON shape OTLP/HTTP JSON uses, so the test receiver
// reads both encodings the same way. Field numbers are the proto files'; unknown fields are skipped.

type Fields = Map<number, (Uint8Array | bigint | number)[]>;

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let index = at; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, index + 1];
    shift += 7n;
  }
  throw new Error("truncated varint");
}

/** Every field of one message by number: bytes for length-delimited ones, numbers otherwise. */
function fieldsOf(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  let at = 0;
  while (at < bytes.length) {
    const [key, afterKey] = readVarint(bytes, at);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: Uint8Array | bigint | number;
    if (wire === 0) [value, at] = readVarint(bytes, afterKey);
    else if (wire === 1) {
      value = new DataView(bytes.buffer, bytes.byteOffset + afterKey, 8).getBigUint64(0, true);
      at = afterKey + 8;
    } else if (wire === 5) {
      value = new DataView(bytes.buffer, bytes.byteOffset + afterKey, 4).getUint32(0, true);
      at = afterKey + 4;
    } else if (wire === 2) {
      const [length, start] = readVarint(bytes, afterKey);
      value = bytes.subarray(start, start + Number(length));
      at = start + Number(length);
    } else throw new Error(`unsupported wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const messages = (fields: Fields, field: number) =>
  (fields.get(field) ?? []).map((value) => fieldsOf(value as Uint8Array));
const text = (fields: Fields, field: number) =>
  new TextDecoder().decode((fields.get(field)?.[0] as Uint8Array) ?? new Uint8Array());
const hex = (fields: Fields, field: number) =>
  Buffer.from((fields.get(field)?.[0] as Uint8Array) ?? []).toString("hex");
const number = (fields: Fields, field: number) => Number(fields.get(field)?.[0] ?? 0);

function anyValue(fields: Fields): unknown {
  if (fields.has(1)) return { stringValue: text(fields, 1) };
  if (fields.has(2)) return { boolValue: number(fields, 2) === 1 };
  if (fields.has(3)) return { intValue: String(fields.get(3)?.[0]) };
  return {};
}

const keyValues = (fields: Fields, field: number) =>
  messages(fields, field).map((kv) => ({ key: text(kv, 1), value: anyValue(messages(kv, 2)[0] ?? new Map()) }));

/** An ExportTraceServiceRequest in protobuf → the OTLP JSON object of the same request. */
export function decodeTraceRequest(bytes: Uint8Array): unknown {
  return {
    resourceSpans: messages(fieldsOf(bytes), 1).map((resourceSpans) => ({
      resource: { attributes: keyValues(messages(resourceSpans, 1)[0] ?? new Map(), 1) },
      scopeSpans: messages(resourceSpans, 2).map((scopeSpans) => ({
        scope: { name: text(messages(scopeSpans, 1)[0] ?? new Map(), 1) },
        spans: messages(scopeSpans, 2).map((span) => ({
          traceId: hex(span, 1),
          spanId: hex(span, 2),
          parentSpanId: hex(span, 4),
          name: text(span, 5),
          kind: number(span, 6),
          attributes: keyValues(span, 9),
          status: { code: number(messages(span, 15)[0] ?? new Map(), 3) },
        })),
      })),
    })),
  };
}
