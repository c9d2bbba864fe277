// Processes one portfolio of a rebalance (SPEC §5.2): begin (gone / already stored / fail-fast / run) →
// accounting summary → union with the model snapshot → prices → solve in the pool → store the outcome's facts.
// Business logic only: it never imports BullMQ; the job edge maps its outcome to job states.
import type { Logger } from "@ogs/observability";
import type { PortfolioJobRef, RebalanceRepository } from "@ogs/store";
import type { ModelSnapshot, PortfolioOutcome, PortfolioRun } from "@ogs/domain";
import { decideFailure } from "../jobs/failure-policy.js";
import { loadPortfolioInput } from "./portfolio-input.js";
import type { RebalanceClients, Solver } from "./ports.js";
import { solvedOutcome, utcTradeDate } from "./stored-result.js";

export interface PortfolioProcessorDeps {
  clients: RebalanceClients;
  solver: Solver;
  store: { rebalances: Pick<RebalanceRepository, "begin" | "saveOutcome" | "requestStop"> };
  /** Ticker/price look-ups in flight per portfolio. */
  priceConcurrency: number;
  now?: () => Date;
}

export interface PortfolioJob extends PortfolioJobRef {
  /** 1-based attempt and the most there will be. */
  attempt: number;
  maxAttempts: number;
  /** Times the job was started, recoveries after a crash included (stored as `attempts`). */
  deliveries: number;
  logger: Logger;
}

/** `skipped`: the rebalance is gone or final, or this portfolio already has a stored outcome (a repeated delivery). */
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
  const { rebalances } = deps.store;

  async function store(
    job: PortfolioJob,
    place: { bucketSize: number; prior: "queued" | "running" },
    outcome: PortfolioOutcome,
    startedAt: Date | null,
  ): Promise<PortfolioJobOutcome> {
    const at = now();
    const run: PortfolioRun = { attempts: job.deliveries, startedAt, finishedAt: at };
    const saved = await rebalances.saveOutcome({ ...job, ...place }, outcome, run, at);
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

  async function solve(job: PortfolioJob, snapshot: ModelSnapshot): Promise<PortfolioOutcome> {
    const [input, name] = await Promise.all([
      loadPortfolioInput(deps.clients, job.portfolioId, snapshot.positions, deps.priceConcurrency),
      nameOf(job.portfolioId, job.logger),
    ]);
    const result = await deps.solver.solveQuantities(input, snapshot.options);
    return solvedOutcome(input, result, name, utcTradeDate(now()));
  }

  return {
    async process(job: PortfolioJob): Promise<PortfolioJobOutcome> {
      const start = await rebalances.begin(job, now());
      switch (start.kind) {
        case "gone":
        case "done":
          // At-least-once delivery: a portfolio whose outcome is stored is never computed again.
          return SKIPPED;
        case "stopped":
          // Fail-fast (SPEC §5.3): once a required service is known to be down, portfolios not started are cancelled.
          return store(job, start, { status: "cancelled", error: `Cancelled: ${start.failure.message}` }, null);
        case "run":
          break;
      }
      const place = { bucketSize: start.bucketSize, prior: "running" as const };
      const startedAt = now();
      try {
        return await store(job, place, await solve(job, start.snapshot), startedAt);
      } catch (error) {
        const decision = decideFailure(error, { name: "rebalance-portfolio", ...job });
        const reason = error instanceof Error ? error.name : "unknown";
        switch (decision.action) {
          case "fail-fast":
            await rebalances.requestStop(job.rebalanceId, {
              service: decision.service,
              message: decision.message,
              at: now(),
            });
            return { ...(await store(job, place, { status: "failed", error: decision.message }, startedAt)), reason };
          case "fail-portfolio":
            return { ...(await store(job, place, { status: "failed", error: decision.message }, startedAt)), reason };
          case "retry":
          case "give-up":
            throw error;
        }
      }
    },
  };
}

export type PortfolioProcessor = ReturnType<typeof createPortfolioProcessor>;
