// One cockatiel circuit breaker per service (SPEC §5.3): N consecutive failed calls (each after its retries)
// open it; after the open period one probe call decides. Only transient failures count — a 4xx means the
// service is up.
import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import type { Metrics } from "@ogs/observability";
import { TransientHttpError } from "./transient-error.js";

/** Gauge values of ogs_circuit_breaker_state. */
const GAUGE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

export function createBreaker(
  service: string,
  threshold: number,
  openMs: number,
  metrics: Metrics,
): CircuitBreakerPolicy {
  const breaker = circuitBreaker(
    handleWhen((error) => error instanceof TransientHttpError),
    { halfOpenAfter: openMs, breaker: new ConsecutiveBreaker(threshold) },
  );
  metrics.circuitBreakerState.set({ service }, 0);
  breaker.onStateChange((state) => metrics.circuitBreakerState.set({ service }, GAUGE[state]));
  return breaker;
}
