// The rebalance resource (SPEC §5.5): its route declarations, wired from the store, the flow producer
// and the shared completion waiter.
import type { Metrics } from "@ogs/observability";
import type { RebalanceProducer } from "@ogs/queue";
import type { Store } from "@ogs/store";
import type { Route } from "../../http/route.js";
import type { CompletionWaiter } from "./completion.js";
import { createRebalanceReads } from "./reads.js";
import { createRebalanceRoutes } from "./routes.js";
import { createSubmitService } from "./submit.js";

export interface RebalancesApiDeps {
  store: Pick<Store, "models" | "rebalances" | "webhookDeliveries">;
  producer: Pick<RebalanceProducer, "enqueueRebalance">;
  waiter: CompletionWaiter;
  metrics: Metrics;
  syncWaitMs: number;
  /** Validates a callback_url (SSRF policy, signing configured); returns it normalised or throws a 422. */
  checkCallbackUrl(url: string): Promise<string>;
}

export function rebalanceRoutes({
  store,
  producer,
  waiter,
  metrics,
  syncWaitMs,
  checkCallbackUrl,
}: RebalancesApiDeps): Route[] {
  const submit = createSubmitService({ store, producer, checkCallbackUrl });
  return createRebalanceRoutes({ submit, reads: createRebalanceReads(store), waiter, metrics, syncWaitMs });
}

export { createCompletionWaiter, type CompletionWaiter } from "./completion.js";
export { callbackUrlChecker } from "./callback-url.js";
export { rebalanceFinished } from "./submit.js";
