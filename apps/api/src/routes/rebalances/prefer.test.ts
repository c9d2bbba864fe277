import { describe, expect, it } from "vitest";
import { parsePrefer } from "./prefer.js";

describe("parsePrefer", () => {
  it("finds respond-async among other preferences, case-insensitively", () => {
    expect(parsePrefer("return=minimal, Respond-Async")).toEqual({ respondAsync: true });
    expect(parsePrefer(["handling=lenient", "respond-async; foo=bar"])).toEqual({ respondAsync: true });
  });

  it("reads wait in seconds, quoted or not, and keeps the first one", () => {
    expect(parsePrefer("wait=5")).toEqual({ respondAsync: false, waitSeconds: 5 });
    expect(parsePrefer('wait="7", wait=9')).toEqual({ respondAsync: false, waitSeconds: 7 });
  });

  it("ignores a missing header and malformed values", () => {
    expect(parsePrefer(undefined)).toEqual({ respondAsync: false });
    expect(parsePrefer("wait=-1, wait=soon")).toEqual({ respondAsync: false });
  });
});
