// The chaos scenarios in the order they run (the faults SPEC §5.4 delivery must survive): the six that share the
// core fleet — Pricing down first, while its caches are cold and its breakers closed — then the degraded-Pricing
// case on a fleet of its own (see plans.ts).
import type { Scenario } from "../scenario.js";
import { apiKill } from "./api-kill.js";
import { mongoStall } from "./mongo-stall.js";
import { pollers } from "./pollers.js";
import { redisRestart } from "./redis-restart.js";
import { pricingDegraded } from "./pricing-degraded.js";
import { pricingDown } from "./pricing-down.js";
import { workerKill } from "./worker-kill.js";

export const SCENARIOS: readonly Scenario[] = [
  pricingDown,
  workerKill,
  redisRestart,
  mongoStall,
  apiKill,
  pollers,
  pricingDegraded,
];
