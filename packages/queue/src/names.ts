// Queue names (SPEC §5.4). One queue per job kind so each can be scaled, watched and drained on its own.
export const QUEUE_NAMES = {
  /** One job per (rebalance, portfolio): fetch, price, solve, store (SPEC §5.2). */
  portfolios: "rebalance-portfolios",
  /** The parent of each rebalance flow: sets the final status when every child has ended. */
  finalizer: "rebalance-finalizer",
  /** Webhook deliveries (SPEC §6): their own workers, so a slow receiver never delays solving. */
  webhooks: "webhook-deliveries",
  /** The fleet's upkeep: one repair sweep per interval for the whole fleet (a BullMQ job scheduler). */
  maintenance: "fleet-maintenance",
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Every queue, e.g. for Bull Board and queue-depth metrics. */
export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE_NAMES);
