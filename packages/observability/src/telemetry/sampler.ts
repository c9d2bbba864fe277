// Which traces are kept (SPEC §7): a trace starts where work enters the system — an HTTP request (SERVER), a
// job taken from the queue or put on it (CONSUMER, PRODUCER) — and everything under a kept span is kept, as
// the caller's `traceparent` decides for a continued trace. A root span of any other kind is housekeeping
// (BullMQ renewing locks, polling for jobs, checking stalled jobs every few seconds) and would bury the
// rebalances under thousands of one-span traces; it is not recorded.
import { SpanKind, type Context } from "@opentelemetry/api";
import { ParentBasedSampler, SamplingDecision, type Sampler } from "@opentelemetry/sdk-trace";

const ENTRY_KINDS: ReadonlySet<SpanKind> = new Set([SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.PRODUCER]);

export const entryPointRootSampler: Sampler = {
  shouldSample: (_context: Context, _traceId: string, _name: string, kind: SpanKind) => ({
    decision: ENTRY_KINDS.has(kind) ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
  }),
  toString: () => "EntryPointRootSampler",
};

/** Parent-based: a child follows its parent's decision; a root is kept only at an entry point. */
export function createSampler(): Sampler {
  return new ParentBasedSampler({ root: entryPointRootSampler });
}
