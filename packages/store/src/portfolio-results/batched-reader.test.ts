import { describe, expect, it } from "vitest";
import { createBatchedReader } from "./batched-reader.js";

describe("createBatchedReader", () => {
  it("answers the keys asked for together with one load, and later keys with a load that starts after they asked", async () => {
    const loads: string[][] = [];
    let release: () => void = () => undefined;
    const reader = createBatchedReader(async (keys) => {
      loads.push(keys);
      if (loads.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map(keys.filter((k) => k !== "missing").map((k) => [k, k.toUpperCase()]));
    }, "none");
    const first = reader.read("a");
    const joined = [reader.read("b"), reader.read("b"), reader.read("missing")];
    release();
    expect(await first).toBe("A");
    expect(await Promise.all(joined)).toEqual(["B", "B", "none"]);
    expect(loads).toEqual([["a"], ["b", "missing"]]);
  });

  it("rejects every caller of a failed load, and the next read loads again", async () => {
    let fail = true;
    const reader = createBatchedReader(async (keys) => {
      if (fail) throw new Error("down");
      return new Map(keys.map((k) => [k, 1]));
    }, 0);
    await expect(Promise.all([reader.read("a"), reader.read("b")])).rejects.toThrow("down");
    fail = false;
    expect(await reader.read("a")).toBe(1);
  });
});
