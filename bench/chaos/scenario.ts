// How a chaos scenario is declared and run: the fleet it needs (shared with the scenarios next to it that
// declare the same plan, see fleet-pool.ts), a scope for what it starts itself, a time bound, and a result
// row. A scenario fails when it throws, outlives its bound, or its clean-up leaves anything behind; a
// failed scenario's fleet is taken down before the next scenario starts.
import type { ChaosFleet } from "./fleet.js";
import type { FleetPlan, FleetPool } from "./fleet-pool.js";
import { createScope, type Scope } from "./scope.js";
import { onShutdown } from "./shutdown.js";

export interface ScenarioContext {
  /** The scenario's fleet (started, or handed on healthy by the previous scenario). */
  fleet(): Promise<ChaosFleet>;
  /** For what the scenario starts itself (closed when it ends). */
  scope: Scope;
  /** `--short`: ≈ 100 portfolios per scenario (CI). */
  short: boolean;
  log(line: string): void;
}

export interface ScenarioOutcome {
  portfolios: number;
  /** What was checked, one short phrase each (the README table's column). */
  checked: string[];
  /** Measured durations in seconds, by name. */
  timings: Record<string, number>;
  /** Anything else worth keeping in chaos.json. */
  details?: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  title: string;
  fleet(short: boolean): FleetPlan;
  /** Bound of the whole scenario, its fleet's start included. */
  timeoutMs(short: boolean): number;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}

export interface ScenarioReport extends Partial<ScenarioOutcome> {
  id: string;
  title: string;
  result: "passed" | "failed";
  /** Wall time of the scenario, including its fleet's start when it started one. */
  seconds: number;
  error?: string;
  /** What the clean-up found still running or present (empty when clean). */
  left_behind: string[];
}

export class ChaosAssertion extends Error {
  override name = "ChaosAssertion";
}

/** Throws a ChaosAssertion with `message` unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ChaosAssertion(message);
}

export const round = (seconds: number) => Math.round(seconds * 100) / 100;

export interface RunOptions {
  short: boolean;
  log(line: string): void;
  pool: FleetPool;
  /** The next scenario shares this fleet: keep it running if this one passes. */
  handOn: boolean;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioReport> {
  const { short, log, pool } = options;
  const scope = createScope();
  const started = performance.now();
  const bound = scenario.timeoutMs(short);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChaosAssertion(`not finished within its bound of ${bound / 1000} s`)), bound);
  });
  let outcome: ScenarioOutcome | undefined;
  let error: string | undefined;
  const forget = onShutdown(() => scope.close());
  const context: ScenarioContext = { fleet: () => pool.acquire(scenario.fleet(short)), scope, short, log };
  try {
    outcome = await Promise.race([scenario.run(context), timeout]);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  } finally {
    clearTimeout(timer);
  }
  const left = await scope.close();
  forget();
  if (error || !options.handOn) left.push(...(await pool.release()));
  if (left.length && !error) error = `clean-up incomplete: ${left.join("; ")}`;
  return {
    id: scenario.id,
    title: scenario.title,
    result: error ? "failed" : "passed",
    seconds: round((performance.now() - started) / 1000),
    ...outcome,
    ...(error ? { error } : {}),
    left_behind: left,
  };
}
