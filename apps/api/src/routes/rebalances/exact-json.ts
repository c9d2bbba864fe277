// JSON with exact decimal numbers (SPEC §3): stored results are served as JSON numbers written with the
// decimal's own digits — `620372.05`, never `620372.0500000001` — so a decimal never passes through a
// binary float. JSON.stringify cannot emit a raw number literal (JSON.rawJSON needs Node 22), so each
// decimal is first written as a marked string and the marks are then cut away.
import { randomBytes } from "node:crypto";
import { Dec, formatDecimal } from "@ogs/domain";

/** A per-process random mark: no string from outside can carry it (it includes a NUL character). */
const MARK = `\u0000${randomBytes(6).toString("hex")}`;
const ESCAPED_MARK = JSON.stringify(MARK).slice(1, -1);
const MARKED = new RegExp(
  `"${ESCAPED_MARK.replace(/\\/g, "\\\\")}(-?\\d+(?:\\.\\d+)?)${ESCAPED_MARK.replace(/\\/g, "\\\\")}"`,
  "g",
);

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `this[key]` is the value before decimal.js's toJSON turned it into a string.
  const raw = this[key];
  return Dec.isDecimal(raw) ? `${MARK}${formatDecimal(raw)}${MARK}` : value;
}

/** JSON text of `value` in which every Dec is an exact number literal. */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, replacer).replace(MARKED, "$1");
}
