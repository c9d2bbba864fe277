// The rebalance resource (SPEC §5.5): router + OpenAPI description, wired from the store, the flow
// producer and the shared completion waiter.
import type { Metrics } from "@ogs/observability";
import type { RebalanceProducer } from "@ogs/queue";
import type { Store } from "@ogs/store";
import type { ApiRouter } from "../../http/openapi.js";
import type { CompletionWaiter } from "./completion.js";
import { documentRebalanceRoutes } from "./openapi.js";
import { createRebalanceReads } from "./reads.js";
import { createRebalancesRouter } from "./router.js";
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

export function rebalancesApi({
  store,
  producer,
  waiter,
  metrics,
  syncWaitMs,
  checkCallbackUrl,
}: RebalancesApiDeps): ApiRouter {
  const submit = createSubmitService({ store, producer, checkCallbackUrl });
  return {
    router: createRebalancesRouter({ submit, reads: createRebalanceReads(store), waiter, metrics, syncWaitMs }),
    document: documentRebalanceRoutes,
  };
}

export { createCompletionWaiter, type CompletionWaiter } from "./completion.js";
export { callbackUrlChecker } from "./callback-url.js";
export { rebalanceFinished } from "./submit.js";
