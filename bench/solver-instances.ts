// Seeded random rebalancing instances for bench/solver.ts (issue 4, acceptance 2).
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceInputPosition } from "@ogs/domain";
import { createRandom } from "../apps/simulators/src/dataset/prng.js";

/** The simulators' seeded PRNG (mulberry32), so every run solves the same instances. */
export const seededRandom = createRandom;

const logUniform = (random: () => number, low: number, high: number) => Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));

/**
 * N securities: ~5 % off-model holdings (target 0, to be sold), the rest a model whose targets sum to
 * 0.90–0.95 (multiples of 0.005 up to 100 positions, SPEC §4.2; finer above, to stress the solver),
 * held near target (±3 %), cash 0–10 % of MV, prices 1–1000 log-uniform with 2 % extremes
 * (0.05–1 or 1,000–20,000), bands 0.01–0.05. `tight` makes the targets sum to 1 so the cash row binds.
 */
export function randomInstance(n: number, random: () => number, tight = false): RebalanceInput {
  const offModel = Math.max(n >= 20 ? 1 : 0, Math.round(n * 0.05));
  const modelSize = n - offModel;
  const weights = Array.from({ length: modelSize }, () => 0.2 + random());
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const targetSum = tight ? 1 : 0.9 + random() * 0.05;
  const step = modelSize <= 100 ? 200 : 10_000;
  // Largest-remainder rounding, so the targets sum exactly to the chosen total on the step grid.
  const units = Math.round(targetSum * step);
  const exact = weights.map((w) => (w / weightSum) * units);
  const whole = exact.map((x) => Math.floor(x));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let r = units - whole.reduce((a, b) => a + b, 0), j = 0; r > 0; r -= 1, j += 1) {
    const index = order[j % order.length]?.[1] ?? 0;
    whole[index] = (whole[index] ?? 0) + 1;
  }
  const targets = whole.map((u) => u / step);
  const marketValue = logUniform(random, 1e6, 1e8);
  const price = () => {
    const roll = random();
    const value = roll < 0.01 ? logUniform(random, 0.05, 1) : roll < 0.02 ? logUniform(random, 1000, 20_000) : logUniform(random, 1, 1000);
    return new Dec(value.toFixed(2)).gt(0) ? value.toFixed(2) : "0.05";
  };
  const band = () => (0.01 + Math.floor(random() * 5) / 100).toFixed(2);
  const positions: RebalanceInputPosition[] = [];
  let invested = 0;
  for (let i = 0; i < n; i += 1) {
    const p = price();
    const target = i < modelSize ? (targets[i] as number) : 0;
    const wanted = i < modelSize ? (marketValue * target * (1 + (random() - 0.5) * 0.06)) / Number(p) : (marketValue * 0.002 * random()) / Number(p);
    const quantity = Math.max(0, Math.round(wanted));
    invested += quantity * Number(p);
    positions.push({
      securityId: `S${String(i).padStart(23, "0")}`,
      quantity: new Dec(quantity),
      price: new Dec(p),
      target: new Dec(target.toFixed(5)),
      lowDrift: new Dec(i < modelSize ? band() : 0),
      highDrift: new Dec(i < modelSize ? band() : 0),
    });
  }
  const cash = (invested / (1 - random() * 0.1)) * (random() * 0.1);
  return { cash: new Dec(cash.toFixed(2)), positions };
}
