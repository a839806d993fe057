import { context, INVALID_SPAN_CONTEXT, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { currentSpanContext, currentTraceId } from "./correlation.js";
import { setupInMemoryTracing } from "./testing.js";

setupInMemoryTracing();

describe("correlation", () => {
  it("is the active span's trace id inside a span and undefined outside", () => {
    expect(currentTraceId()).toBeUndefined();
    const [inside, expected] = trace.getTracer("test").startActiveSpan("work", (span) => {
      span.end();
      return [currentTraceId(), span.spanContext().traceId];
    });
    expect(inside).toMatch(/^[0-9a-f]{32}$/);
    expect(inside).toBe(expected);
  });

  it("ignores the all-zero ids of a no-op span (what spans are without a tracer provider)", () => {
    const noop = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    context.with(trace.setSpan(context.active(), noop), () => {
      expect(trace.getActiveSpan()).toBe(noop);
      expect(currentSpanContext()).toBeUndefined();
      expect(currentTraceId()).toBeUndefined();
    });
  });
});
