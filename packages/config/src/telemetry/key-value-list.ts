// The `key=value,key=value` lists of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS (W3C
// Baggage format without properties; values percent-encoded). Blanks around entries are ignored:
// the GlobeCo chart writes its attributes as a folded YAML scalar, so they arrive as "a=1, b=2".

/** The pairs of `text` in order, or a problem naming the bad entry. */
export function parseKeyValueList(text: string): Record<string, string> | string {
  const pairs: Record<string, string> = {};
  for (const entry of text.split(",")) {
    const item = entry.trim();
    if (item === "") continue;
    const equals = item.indexOf("=");
    const key = equals < 0 ? "" : item.slice(0, equals).trim();
    if (key === "" || /\s/.test(key))
      return `expected key=value pairs separated by commas (bad entry ${JSON.stringify(item)})`;
    try {
      pairs[key] = decodeURIComponent(item.slice(equals + 1).trim());
    } catch {
      return `expected a percent-encoded value for ${key}`;
    }
  }
  return pairs;
}
