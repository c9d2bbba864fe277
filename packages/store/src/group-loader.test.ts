import { describe, expect, it } from "vitest";
import { createGroupLoader } from "./group-loader.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loader that records its batches and answers each item doubled after `latencyMs`. */
function recording(options: { windowMs?: number; latencyMs?: number } = {}) {
  const batches: number[][] = [];
  const load = createGroupLoader<number, number>(
    async (items) => {
      batches.push([...items]);
      await sleep(options.latencyMs ?? 0);
      return items.map((item) => item * 2);
    },
    { windowMs: options.windowMs ?? 0 },
  );
  return { load, batches };
}

describe(createGroupLoader.name, () => {
  it("sends a first request on the next tick without a window", async () => {
    const { load, batches } = recording();
    const first = load(1);
    await sleep(10);
    const second = load(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(batches).toEqual([[1], [2]]);
  });

  it("holds a first request for the window, so requests arriving meanwhile share its batch", async () => {
    const { load, batches } = recording({ windowMs: 40 });
    const first = load(1);
    await sleep(10);
    const second = load(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(batches).toEqual([[1, 2]]);
  });

  it("queues what arrives while a batch is in flight into the next one, answered by a batch sent after it asked", async () => {
    const { load, batches } = recording({ latencyMs: 30 });
    const first = load(1);
    await sleep(5);
    const later = [load(2), load(3)];
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("answers an item that its batch failed with that error alone", async () => {
    const load = createGroupLoader<number, number>(async (items) =>
      items.map((item) => (item < 0 ? new Error(`bad ${item}`) : item)),
    );
    const [good, bad] = await Promise.allSettled([load(1), load(-1)]);
    expect(good).toEqual({ status: "fulfilled", value: 1 });
    expect(bad).toMatchObject({ status: "rejected", reason: { message: "bad -1" } });
  });
});
