// A small deterministic PRNG (mulberry32) so the same seed always generates the same dataset.
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** 24 lowercase hex characters, shaped like a MongoDB ObjectId (SPEC §3). */
export function randomObjectId(random: Random): string {
  let id = "";
  for (let i = 0; i < 3; i++)
    id += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return id;
}
