// BullMQ's OpenTelemetry integration (bullmq-otel; BullMQ docs "Telemetry"), on every queue, flow producer and
// worker while this process traces (SPEC §7): adding a job records a PRODUCER span and stores its context in
// the job's options, and processing the job continues that context in a CONSUMER span — so a rebalance is one
// trace from `POST …/rebalance` through each portfolio job, the finaliser and the webhook job. While tracing is
// off no option is given and BullMQ skips every tracing step.
import { tracingEnabled } from "@ogs/observability";
import { BullMQOtel } from "bullmq-otel";

let shared: BullMQOtel | undefined;

/** Spread into a Queue, FlowProducer or Worker's options. */
export function telemetryOption(): { telemetry?: BullMQOtel } {
  if (!tracingEnabled()) return {};
  shared ??= new BullMQOtel("@ogs/queue");
  return { telemetry: shared };
}
