import { isSpanContextValid, trace, type SpanContext } from "@opentelemetry/api";

/**
 * The span context of the active span, when it is a real one: without a tracer
 * provider spans are no-ops whose ids are all zeros, which correlate nothing.
 */
export function currentSpanContext(): SpanContext | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The trace id of the active span: the correlation id of the request being served. */
export function currentTraceId(): string | undefined {
  return currentSpanContext()?.traceId;
}
