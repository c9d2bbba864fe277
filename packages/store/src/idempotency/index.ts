// Idempotency keys for the rebalance submissions (SPEC §5.5).
export {
  createIdempotencyRepository,
  hashIdempotencyKey,
  type IdempotencyClaim,
  type IdempotencyRepository,
} from "./idempotency-repository.js";
export { IDEMPOTENCY_TTL_MS } from "./idempotency-document.js";
