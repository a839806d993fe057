import { context, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { beforeEach, describe, expect, it } from "vitest";
import { traceBatchedCall, traceBatchedItem, untraced } from "./batched-calls.js";
import { currentCorrelationId, withCorrelationId } from "./correlation.js";
import { setupInMemoryTracing } from "./testing.js";

const tracing = setupInMemoryTracing();
const rpc = { service: "platform.governance.v1.GovernanceService", method: "SubmitAction" };
const tracer = trace.getTracer("test");

describe("requests traced inside a batch call", () => {
  beforeEach(() => tracing.reset());

  it("keep each request's own trace and correlation id across the batch, and the batch call itself makes none", async () => {
    // Two callers, each in its own request trace; the second with a client correlation id.
    const requests = await Promise.all(
      ["first", "second"].map((name, i) => {
        const root = tracer.startSpan(`request ${name}`, {}, ROOT_CONTEXT);
        const base = trace.setSpan(i === 1 ? withCorrelationId(ROOT_CONTEXT, "client-corr-2") : ROOT_CONTEXT, root);
        return context.with(base, () =>
          traceBatchedCall(rpc, (carrier) => Promise.resolve({ carrier, traceId: root.spanContext().traceId })),
        );
      }),
    );
    // The batch call, started from the first request's context, carries neither request's trace.
    const seenInBatch = untraced(() => ({ span: trace.getActiveSpan(), correlation: currentCorrelationId() }));
    expect(seenInBatch.span).toBeUndefined();
    // The service handles each request in the trace its carrier names, whatever the batch call's context holds.
    const handled = await context.with(withCorrelationId(ROOT_CONTEXT, "batch-level"), () =>
      Promise.all(
        requests.map(({ carrier }) =>
          traceBatchedItem(rpc, carrier, () =>
            Promise.resolve({
              traceId: trace.getActiveSpan()?.spanContext().traceId,
              correlation: currentCorrelationId(),
            }),
          ),
        ),
      ),
    );
    expect(handled[0]?.traceId).toBe(requests[0]?.traceId);
    expect(handled[1]?.traceId).toBe(requests[1]?.traceId);
    expect(handled[0]?.correlation).toBe(requests[0]?.traceId);
    expect(handled[1]?.correlation).toBe("client-corr-2");
    const spans = tracing.exporter.getFinishedSpans().filter((s) => s.name === `${rpc.service}/${rpc.method}`);
    expect(spans.filter((s) => s.kind === SpanKind.CLIENT)).toHaveLength(2);
    expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(2);
    for (const server of spans.filter((s) => s.kind === SpanKind.SERVER)) {
      const client = spans.find(
        (s) => s.kind === SpanKind.CLIENT && s.spanContext().spanId === server.parentSpanContext?.spanId,
      );
      expect(client?.spanContext().traceId).toBe(server.spanContext().traceId);
    }
  });

  it("marks a failed request's spans failed and passes the failure on", async () => {
    await expect(traceBatchedCall(rpc, () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await expect(traceBatchedItem(rpc, {}, () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    const spans = tracing.exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.status).toMatchObject({ code: 2, message: "refused" });
  });
});
