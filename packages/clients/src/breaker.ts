// One cockatiel circuit breaker per service (SPEC §5.3): N consecutive failed calls (each after its retries)
// open it — or, when configured, a failure rate over a sampling window; after the open period one probe call
// decides. Only transient failures count — a 4xx means the service is up. An open breaker is what makes a
// service "down" for a rebalance (fail-fast); a call failing now and then is a degraded service.
import {
  CircuitState,
  ConsecutiveBreaker,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBreaker,
} from "cockatiel";
import type { Metrics } from "@ogs/observability";
import { TransientHttpError } from "./transient-error.js";

/** Gauge values of ogs_circuit_breaker_state. */
const GAUGE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

/**
 * The state the next call meets. cockatiel leaves Open only when a call comes (CircuitBreakerPolicy.execute lets
 * it through as the probe once `halfOpenAfter` has passed since opening), so on a process that makes no more calls
 * — a fail-fast rebalance, then nothing — `state` would read open for ever: past the open period it is half-open.
 */
function reportedState(state: CircuitState, openForMs: number, openMs: number): number {
  return state === CircuitState.Open && openForMs >= openMs ? GAUGE[CircuitState.HalfOpen] : GAUGE[state];
}

export interface BreakerSettings {
  /** Consecutive failed calls that open it. */
  threshold: number;
  openMs: number;
  /** Failure share over `samplingMs` that opens it instead (0–1); undefined = consecutive failures. */
  failureRate?: number;
  samplingMs?: number;
}

/** Opens on `threshold` consecutive failures, or on whichever of the two rules trips first when a rate is set. */
function breakerRule(settings: BreakerSettings): IBreaker {
  const consecutive = new ConsecutiveBreaker(settings.threshold);
  if (settings.failureRate === undefined) return consecutive;
  const sampling = new SamplingBreaker({
    threshold: settings.failureRate,
    duration: settings.samplingMs ?? 30_000,
    minimumRps: 5 / ((settings.samplingMs ?? 30_000) / 1000),
  });
  return {
    get state(): unknown {
      return { consecutive: consecutive.state, sampling: sampling.state };
    },
    set state(value: unknown) {
      const both = value as { consecutive: number; sampling: unknown };
      consecutive.state = both.consecutive;
      sampling.state = both.sampling;
    },
    success(state) {
      consecutive.success();
      sampling.success(state);
    },
    failure(state) {
      const tripped = consecutive.failure();
      return sampling.failure(state) || tripped;
    },
  };
}

export function createBreaker(service: string, settings: BreakerSettings, metrics: Metrics): CircuitBreakerPolicy {
  const breaker = circuitBreaker(
    handleWhen((error) => error instanceof TransientHttpError),
    { halfOpenAfter: settings.openMs, breaker: breakerRule(settings) },
  );
  // When it last opened, on cockatiel's clock (Date.now); a constant `halfOpenAfter` keeps it open for `openMs`.
  let openedAt = 0;
  breaker.onBreak(() => (openedAt = Date.now()));
  metrics.reportBreakerState(service, () => reportedState(breaker.state, Date.now() - openedAt, settings.openMs));
  return breaker;
}
