// One HiGHS WASM instance per thread, replaced whenever it throws.
//
// An emscripten module that aborts (out of memory, stack overflow: lovasoa/highs-js#9, #41, #45)
// is unusable afterwards, so a throw retires the instance and the solve is retried once on a spare,
// loaded in the background ahead of time. Models are always disposed: the garbage collector never
// frees their WASM allocation (highs README, "Model lifetime"), which is how memory would grow.
import highsEntry from "highs";
import type { Highs, ModelData } from "highs";

type Loader = (typeof highsEntry)["default"];
// highs ships an ES module entry whose default export is the loader, but its one declaration file is
// read as CommonJS under NodeNext, which types the default import as the module object.
const loadHighs: Loader = typeof highsEntry === "function" ? highsEntry : highsEntry.default;

let current: Highs | undefined = await loadHighs();
let spare: Highs | undefined;
let spareLoading: Promise<void> | undefined;
let replacements = 0;

function prepareSpare(): void {
  if (spare || spareLoading) return;
  spareLoading = loadHighs()
    .then((instance) => {
      spare = instance;
    })
    .catch(() => undefined)
    .finally(() => {
      spareLoading = undefined;
    });
}

/** How many times a failed instance has been replaced (for tests and diagnostics). */
export function runtimeReplacements(): number {
  return replacements;
}

/** Resolves once a spare instance is ready, so a following failure can be recovered synchronously. */
export async function spareReady(): Promise<void> {
  prepareSpare();
  await spareLoading;
}

/** Runs `operation` on the live instance; if it throws, retires the instance and retries once on the spare. */
export function withHighs<T>(operation: (highs: Highs) => T): T {
  prepareSpare();
  const attempt = (): T => {
    if (!current) {
      if (!spare) throw new Error("the HiGHS solver is being re-instantiated after a failure; retry shortly");
      current = spare;
      spare = undefined;
      prepareSpare();
    }
    return operation(current);
  };
  try {
    return attempt();
  } catch {
    current = undefined;
    replacements += 1;
    return attempt();
  }
}

export type RunStatus = "optimal" | "infeasible" | "timeout" | "failed";

export interface RunResult {
  status: RunStatus;
  values: Float64Array;
}

/**
 * Integrality tolerance of a `tight` run: small enough that whole-number rows in money units cannot round
 * past their bounds (general-model.ts). Several times slower than HiGHS's default (1e-6), so it is only
 * the retry when an answer fails the exact re-check.
 */
const TIGHT_TOLERANCE = 1e-9;

export interface RunOptions {
  /** Integrality tolerance TIGHT_TOLERANCE instead of HiGHS's default. */
  tight?: boolean;
  /** Presolve off: the retry after HiGHS reported an error, on a different solve path. */
  noPresolve?: boolean;
}

/** A HiGHS call that returned its error status (-1): the solve failed, the WASM instance is fine. */
function isSolveError(error: unknown): boolean {
  return error instanceof Error && (error as { operation?: unknown }).operation === "run";
}

/** Solves one MIP to a proven optimum (zero gap) within `timeLimitSeconds`; `failed` when HiGHS errs. */
export function runModel(data: ModelData, timeLimitSeconds: number, options: RunOptions = {}): RunResult {
  return withHighs((highs) => {
    const model = highs.createModel(data);
    try {
      model.options.set({
        output_flag: false,
        mip_rel_gap: 0,
        mip_abs_gap: 0,
        ...(options.tight ? { mip_feasibility_tolerance: TIGHT_TOLERANCE } : {}),
        ...(options.noPresolve ? { presolve: "off" } : {}),
        time_limit: Math.max(timeLimitSeconds, 0.001),
      });
      try {
        model.run();
      } catch (error) {
        if (isSolveError(error)) return { status: "failed", values: new Float64Array(0) };
        throw error;
      }
      const code = model.getModelStatus();
      const codes = highs.constants.modelStatus;
      if (code === codes.optimal) return { status: "optimal", values: model.getSolution().colValue };
      // Every model here is bounded (bounded columns, objective bounded below), so presolve's
      // "unbounded or infeasible" can only mean infeasible.
      const infeasible = code === codes.infeasible || code === codes.unboundedOrInfeasible;
      const status: RunStatus = infeasible ? "infeasible" : code === codes.timeLimit ? "timeout" : "failed";
      return { status, values: new Float64Array(0) };
    } finally {
      model.dispose();
    }
  });
}

/** Test hook: makes the next operation see a broken instance, as after a WASM abort. */
export function breakCurrentInstanceForTest(): void {
  const broken = current;
  if (!broken) return;
  current = new Proxy(broken, {
    get() {
      throw new Error("Aborted(simulated WASM failure)");
    },
  });
}
