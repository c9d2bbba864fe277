// Scenario 5 — an API process SIGKILLed in the middle of 20 submissions that carry an Idempotency-Key
// (SPEC §5.5). Afterwards every key is retried against the restarted API, as a client would: one rebalance
// per key (a key answered before the kill replays the same id), none stranded — a rebalance stored before
// its flow reached Redis is re-enqueued by the workers' repair sweep (REPAIR_AFTER_MS, small here) — and
// every portfolio stored once.
import { requestJson } from "../../../apps/launcher/src/demo/http.js";
import { metricSum, scrapeAll } from "../../fleet-probes.js";
import { createModel, setFaults, sleep, universe, waitFinished, type Submitted } from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import { CHAOS_ENV, startSeparateApi } from "../fleet.js";
import { check, round, type Scenario } from "../scenario.js";
import { corePlan, portfoliosFor } from "./plans.js";

const SUBMISSIONS = 20;
/** Submissions go out this far apart; the API is killed as soon as KILL_AFTER of them have been answered. */
const SPACING_MS = 10;
const KILL_AFTER = 8;
/** Spare portfolios of a warm-up submission (outside the 20), so the kill meets a warm API with requests in flight. */
const WARM_UP = 5;
/**
 * How long a retry keeps trying: a key claimed by a request the kill cut short answers 409 "still being
 * processed" until its claim is a minute old (packages/store submission.ts ORPHAN_CLAIM_MS), then is taken over.
 */
const RETRY_FOR_MS = 75_000;
/** After the restart: an orphaned claim's minute, the repair sweep (REPAIR_AFTER_MS + REPAIR_INTERVAL_MS), the runs. */
const SETTLE_BOUND_S = 80;

/** Rebalance flows the workers' repair sweep has enqueued again so far. */
async function repairsEnqueued(workers: string[]): Promise<number> {
  return metricSum(await scrapeAll(workers), "ogs_repairs_total", 'kind="rebalance"', 'outcome="enqueued"');
}

/** Ids of the rebalances that touch any of `portfolioIds` (at most a few hundred here). */
async function touching(api: string, portfolioIds: string[]): Promise<string[]> {
  const { body } = await requestJson<Array<{ rebalance_id: string }>>(
    "POST",
    `${api}/api/v1/rebalances/portfolios?summary=true&limit=100`,
    { body: { portfolios: portfolioIds } },
  );
  check(body.length < 100, "more than 100 rebalances touch the portfolios: page through them");
  return body.map((r) => r.rebalance_id);
}

type Answer = { status: number; id?: string; replayed: boolean } | { error: string };

async function post(api: string, modelId: string, key: string): Promise<Answer> {
  try {
    const response = await fetch(`${api}/api/v1/model/${modelId}/rebalance`, {
      method: "POST",
      headers: { prefer: "respond-async", "idempotency-key": key },
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { rebalance_id?: string };
    return {
      status: response.status,
      ...(body.rebalance_id ? { id: body.rebalance_id } : {}),
      replayed: response.headers.get("idempotent-replayed") === "true",
    };
  } catch (error) {
    return {
      error:
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error),
    };
  }
}

/** Retries one key until it names a rebalance (409 "still being processed", 503 and connection errors retry). */
async function retryKey(
  api: string,
  modelId: string,
  key: string,
): Promise<{ id: string; replayed: boolean; tries: number }> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let tries = 1; ; tries += 1) {
    const answer = await post(api, modelId, key);
    if ("status" in answer && answer.status === 202 && answer.id)
      return { id: answer.id, replayed: answer.replayed, tries };
    const retryable = "error" in answer || answer.status === 409 || answer.status === 503;
    if (!retryable || Date.now() > deadline) throw new Error(`retrying key ${key}: ${JSON.stringify(answer)}`);
    await sleep(1_000);
  }
}

export const apiKill: Scenario = {
  id: "api-sigkill",
  title: "API SIGKILL during 20 keyed submissions",
  fleet: corePlan,
  timeoutMs: (short) => (short ? 150_000 : 240_000),
  async run({ fleet, scope, short, log }) {
    const portfolios = portfoliosFor(short);
    const chaos = await fleet();
    await setFaults(chaos.fleet.urls.simulators.accounting!, {});
    const victim = await startSeparateApi(scope, chaos);
    const repairsBefore = await repairsEnqueued(chaos.fleet.urls.workers);
    const { securityIds, ...all } = await universe(chaos.fleet.urls.simulators.accounting!);
    const portfolioIds = all.portfolioIds.slice(0, portfolios);
    const spare = all.portfolioIds.slice(portfolios, portfolios + WARM_UP);
    // Earlier scenarios on this fleet rebalanced the same portfolios.
    const before = new Set(await touching(victim.url, portfolioIds));
    const warmUp = await post(victim.url, await createModel(chaos.api, securityIds, spare), `warm-up-${Date.now()}`);
    check("status" in warmUp && warmUp.status === 202, `warm-up submission: ${JSON.stringify(warmUp)}`);
    const size = portfolios / SUBMISSIONS;
    const groups = Array.from({ length: SUBMISSIONS }, (_, i) => portfolioIds.slice(i * size, (i + 1) * size));
    const models = await Promise.all(groups.map((ids) => createModel(chaos.api, securityIds, ids)));
    const keys = models.map((_, i) => `chaos-${Date.now()}-${i}`);

    const sentAt: number[] = [];
    let answeredSoFar = 0;
    const first = models.map(async (modelId, i) => {
      await sleep(i * SPACING_MS);
      sentAt[i] = Date.now();
      const answer = await post(victim.url, modelId, keys[i]!);
      if ("status" in answer && (answeredSoFar += 1) === KILL_AFTER) victim.process().process.kill("SIGKILL");
      return answer;
    });
    const answers = await Promise.all(first);
    const answered = answers.filter((a) => "status" in a && a.status === 202).length;
    log(
      `  before the kill: ${answered} of ${SUBMISSIONS} answered 202; the others: ${[...new Set(answers.filter((a) => "error" in a).map((a) => ("error" in a ? a.error : "")))].join(", ")}`,
    );

    await victim.restart();
    const restartedAt = Date.now();
    const retried: Array<Awaited<ReturnType<typeof retryKey>>> = [];
    for (const [i, modelId] of models.entries()) retried.push(await retryKey(victim.url, modelId, keys[i]!));
    log(
      `  retried every key within ${round((Date.now() - restartedAt) / 1000)} s; tries per key: ${retried.map((r) => r.tries).join(" ")}`,
    );
    for (const [i, answer] of answers.entries())
      if ("id" in answer && answer.status === 202)
        check(
          retried[i]!.id === answer.id && retried[i]!.replayed,
          `key ${i}: answered ${answer.id} before the kill, ${retried[i]!.id} on retry`,
        );
    check(new Set(retried.map((r) => r.id)).size === SUBMISSIONS, "two keys share a rebalance");

    for (const [i, { id }] of retried.entries()) {
      const submitted: Submitted = { id, sentAt: sentAt[i]! };
      await waitFinished(victim.url, submitted, { timeoutMs: SETTLE_BOUND_S * 1000, failure: chaos.failure });
      const stored = await checkStoredOnce(victim.url, id, groups[i]!);
      check(stored.status === "completed", `key ${i}: status ${stored.status} (${JSON.stringify(stored.counts)})`);
    }
    const settled = (Date.now() - restartedAt) / 1000;
    check(settled <= SETTLE_BOUND_S, `settled ${round(settled)} s after the restart (bound ${SETTLE_BOUND_S} s)`);
    // One rebalance per key: the 20 are the only new rebalances touching these portfolios.
    const added = (await touching(victim.url, portfolioIds)).filter((id) => !before.has(id));
    check(added.length === SUBMISSIONS, `${added.length} new rebalances touch the portfolios, expected ${SUBMISSIONS}`);
    check(
      added.every((id) => retried.some((r) => r.id === id)),
      "a new rebalance that no key names touches the portfolios",
    );
    const repairs = (await repairsEnqueued(chaos.fleet.urls.workers)) - repairsBefore;
    const replays = retried.filter((r) => r.replayed).length;
    log(
      `  ${replays} keys replayed an existing rebalance, ${SUBMISSIONS - replays} created one; the repair sweep re-enqueued ${repairs}`,
    );
    return {
      portfolios,
      checked: [
        `${answered} answered before the kill; each of ${SUBMISSIONS} keys retried: one rebalance per key (${replays} replays)`,
        `all completed, every portfolio stored once; ${repairs} flows re-enqueued by the repair sweep`,
      ],
      timings: { settled_after_restart: round(settled) },
      details: {
        repair_after_ms: Number(CHAOS_ENV.REPAIR_AFTER_MS),
        answered_before_kill: answered,
        first_answers: answers,
        retry_tries: retried.map((r) => r.tries),
        repairs_enqueued: repairs,
      },
    };
  },
};
