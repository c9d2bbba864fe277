// The RFC 7240 `Prefer` request header, as far as the rebalance submissions use it (SPEC §5.5):
// `respond-async` asks for 202 at once; `wait=N` (seconds) shortens the synchronous wait.
export interface Preferences {
  respondAsync: boolean;
  /** Seconds, when the client sent a valid `wait`. */
  waitSeconds?: number;
}

/** Parses every Prefer header; unknown preferences and malformed values are ignored, as RFC 7240 §2 asks. */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const preferences: Preferences = { respondAsync: false };
  for (const item of values.flatMap((value) => value.split(","))) {
    const [token = "", ...rest] = item.split(";")[0]!.split("=");
    const name = token.trim().toLowerCase();
    const value = rest
      .join("=")
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (name === "respond-async") preferences.respondAsync = true;
    else if (name === "wait" && /^\d{1,9}$/.test(value) && preferences.waitSeconds === undefined)
      preferences.waitSeconds = Number(value);
  }
  return preferences;
}
