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
  /** HiGHS's model status code, for the message when the status is `failed`. */
  code?: number;
}

/**
 * Feasibility tolerance of a `tight` run, the retry when rounding HiGHS's answer to whole shares breaks a
 * row (general-model.ts): 100 times HiGHS's default (1e-6). Below 1e-8 HiGHS's own final check fails on
 * large portfolios ("MIP solver claims optimality, but with … infeasibilities") and it answers an error.
 */
const TIGHT_TOLERANCE = 1e-8;

export interface RunOptions {
  /** Integrality tolerance TIGHT_TOLERANCE instead of HiGHS's default. */
  tight?: boolean;
  /** Presolve off: the retry after HiGHS ended with an unexpected status, on a different solve path. */
  noPresolve?: boolean;
}

/** Solves one MIP to a proven optimum (zero gap) within `timeLimitSeconds`; `failed` on any other status. */
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
      // A run that throws (HiGHS's error status, or a WASM abort) retires the instance: withHighs retries
      // the solve once on a fresh one, since an instance that failed once may keep failing. HiGHS also
      // answers its error status when the time limit strikes in some phases of a long MIP: that is a timeout.
      const started = performance.now();
      try {
        model.run();
      } catch (error) {
        if (performance.now() - started >= 900 * timeLimitSeconds)
          return { status: "timeout", values: new Float64Array(0) };
        throw error;
      }
      const code = model.getModelStatus();
      const codes = highs.constants.modelStatus;
      if (code === codes.optimal) return { status: "optimal", values: model.getSolution().colValue };
      // Every model here is bounded (bounded columns, objective bounded below), so presolve's
      // "unbounded or infeasible" can only mean infeasible.
      const infeasible = code === codes.infeasible || code === codes.unboundedOrInfeasible;
      const status: RunStatus = infeasible ? "infeasible" : code === codes.timeLimit ? "timeout" : "failed";
      return { status, values: new Float64Array(0), code };
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
