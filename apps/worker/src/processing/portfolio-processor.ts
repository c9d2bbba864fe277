// Processes one portfolio of a rebalance (SPEC §5.2): stop flag → accounting summary → union with
// the model snapshot → prices → solve in the pool → trades dated today (UTC) → upserted result.
// Business logic only: it never imports BullMQ; the job edge maps its outcome to job states.
import type { Logger } from "@ogs/observability";
import type { PortfolioOutcome, PortfolioResultRepository, Rebalance, RebalanceRepository } from "@ogs/store";
import { classifyFailure } from "./failure-kinds.js";
import { loadPortfolioInput } from "./portfolio-input.js";
import type { RebalanceClients, Solver } from "./ports.js";
import type { SnapshotCache } from "./snapshot-cache.js";
import { toSolvedPortfolio, utcTradeDate } from "./stored-result.js";

export interface PortfolioProcessorDeps {
  clients: RebalanceClients;
  solver: Solver;
  store: {
    rebalances: Pick<RebalanceRepository, "stopState" | "markRunning" | "requestStop">;
    portfolioResults: Pick<PortfolioResultRepository, "isFinal" | "saveOutcome">;
  };
  snapshots: SnapshotCache;
  /** Ticker/price look-ups in flight per portfolio. */
  priceConcurrency: number;
  now?: () => Date;
}

export interface PortfolioJob {
  rebalanceId: string;
  portfolioId: string;
  /** 1-based attempt and the most there will be. */
  attempt: number;
  maxAttempts: number;
  /** Times the job was started, recoveries after a crash included (stored as `attempts`). */
  deliveries: number;
  logger: Logger;
}

/** `skipped`: the rebalance is gone, or this portfolio already has a final result (a repeated delivery). */
export interface PortfolioJobOutcome {
  status: PortfolioOutcome["status"] | "skipped";
  /** The stored error of a failed, infeasible or cancelled portfolio. */
  error?: string;
  /** Why a portfolio failed, by error class (DependencyUnavailableError, BadUpstreamDataError, ...): the metrics' `reason`. */
  reason?: string;
}

const SKIPPED: PortfolioJobOutcome = { status: "skipped" };

export function createPortfolioProcessor(deps: PortfolioProcessorDeps) {
  const now = deps.now ?? (() => new Date());
  const { rebalances, portfolioResults } = deps.store;
  // Rebalances this process has already moved to running (saves a write per job; bounded like the snapshot cache).
  const markedRunning = new Set<string>();

  async function store(job: PortfolioJob, outcome: PortfolioOutcome, startedAt?: Date): Promise<PortfolioJobOutcome> {
    const saved = await portfolioResults.saveOutcome(job.rebalanceId, job.portfolioId, outcome, now(), {
      attempts: job.deliveries,
      startedAt,
    });
    if (!saved) return SKIPPED;
    return outcome.status === "completed" ? { status: "completed" } : { status: outcome.status, error: outcome.error };
  }

  async function nameOf(portfolioId: string, logger: Logger): Promise<string> {
    try {
      return (await deps.clients.portfolio.getPortfolioName(portfolioId)) ?? portfolioId;
    } catch (error) {
      // The Portfolio service is optional (SPEC §5.2 step 9, §5.3): fall back to the id.
      logger.warn({ err: error }, "portfolio name unavailable; using the portfolio id");
      return portfolioId;
    }
  }

  async function solve(job: PortfolioJob, rebalance: Rebalance | null, startedAt: Date): Promise<PortfolioJobOutcome> {
    const model = rebalance?.snapshot.positions ?? [];
    const [input, name] = await Promise.all([
      loadPortfolioInput(deps.clients, job.portfolioId, model, deps.priceConcurrency),
      nameOf(job.portfolioId, job.logger),
    ]);
    const result = await deps.solver.solve(input);
    // MV = 0 (e.g. a portfolio unknown to accounting) is not an error: nothing to buy, nothing to sell.
    if (result.status === "optimal" || (result.outcome === "nothing_to_rebalance" && result.marketValue.isZero())) {
      return store(
        job,
        { status: "completed", solved: toSolvedPortfolio(result, name, utcTradeDate(now())) },
        startedAt,
      );
    }
    return store(
      job,
      {
        status: "infeasible",
        error: result.message ?? "no feasible solution exists",
        portfolio_name: name,
        market_value: result.marketValue,
        cash_before: result.cashBefore,
      },
      startedAt,
    );
  }

  return {
    async process(job: PortfolioJob): Promise<PortfolioJobOutcome> {
      const state = await rebalances.stopState(job.rebalanceId);
      if (!state) return SKIPPED;
      // Fail-fast (SPEC §5.3): once a required service is known to be down, not-yet-started portfolios are cancelled unexecuted.
      if (state.failure) return store(job, { status: "cancelled", error: `Cancelled: ${state.failure.message}` });
      // At-least-once delivery: a portfolio whose outcome is stored is never computed again.
      if (await portfolioResults.isFinal(job.rebalanceId, job.portfolioId)) return SKIPPED;
      const startedAt = now();
      const first = !markedRunning.has(job.rebalanceId);
      if (first) {
        if (markedRunning.size >= 256) markedRunning.clear();
        markedRunning.add(job.rebalanceId);
      }
      try {
        await rebalances.markRunning(job.rebalanceId, job.portfolioId, startedAt, first);
      } catch (error) {
        // Not marked after all: the next job of this rebalance sends `first` again (status running, started_at).
        if (first) markedRunning.delete(job.rebalanceId);
        throw error;
      }
      const rebalance = await deps.snapshots.get(job.rebalanceId);
      try {
        return await solve(job, rebalance, startedAt);
      } catch (error) {
        const failure = classifyFailure(error);
        const reason = error instanceof Error ? error.name : "unknown";
        if (failure.kind === "fail-fast") {
          await rebalances.requestStop(job.rebalanceId, failure.service, failure.message, now());
          return { ...(await store(job, { status: "failed", error: failure.message }, startedAt)), reason };
        }
        if (failure.kind === "portfolio" || job.attempt >= job.maxAttempts) {
          return { ...(await store(job, { status: "failed", error: failure.message }, startedAt)), reason };
        }
        throw error;
      }
    },
  };
}

export type PortfolioProcessor = ReturnType<typeof createPortfolioProcessor>;
