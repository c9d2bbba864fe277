import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from "@opentelemetry/api";
import { SamplingDecision } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { createSampler } from "./sampler.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const parent = (sampled: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: "b7ad6b7169203331",
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });

describe(createSampler.name, () => {
  const sut = createSampler();
  const decide = (context: typeof ROOT_CONTEXT, kind: SpanKind, name = "span") =>
    sut.shouldSample(context, TRACE_ID, name, kind, {}, []).decision;

  it.each([SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.PRODUCER])(
    "starts a trace at an entry point (kind %s)",
    (kind) => {
      expect(decide(ROOT_CONTEXT, kind)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    },
  );

  it("records no root housekeeping span (BullMQ's lock renewals and polls are INTERNAL roots)", () => {
    expect(decide(ROOT_CONTEXT, SpanKind.INTERNAL, "extendLocks rebalance-portfolios")).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide(ROOT_CONTEXT, SpanKind.CLIENT, "GET")).toBe(SamplingDecision.NOT_RECORD);
  });

  it("follows the caller's decision for a continued trace, whatever the kind", () => {
    expect(decide(parent(true), SpanKind.INTERNAL)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(parent(false), SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
  });
});
