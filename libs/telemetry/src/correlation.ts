import { context, isSpanContextValid, propagation, trace, type Context, type SpanContext } from "@opentelemetry/api";

/** The baggage entry that carries a client's own correlation id across services. */
const CORRELATION_KEY = "correlation.id";

/**
 * The span context of the active span, when it is a real one: without a tracer
 * provider spans are no-ops whose ids are all zeros, which correlate nothing.
 */
export function currentSpanContext(): SpanContext | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The trace id of the active span. */
export function currentTraceId(): string | undefined {
  return currentSpanContext()?.traceId;
}

/** The request's correlation id: the client's own X-Correlation-ID when it sent one, else the trace id. */
export function currentCorrelationId(): string | undefined {
  return propagation.getBaggage(context.active())?.getEntry(CORRELATION_KEY)?.value ?? currentTraceId();
}

/** A context whose calls carry a client's correlation id to every service (W3C baggage). */
export function withCorrelationId(parent: Context, correlationId: string): Context {
  const baggage = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(CORRELATION_KEY, {
    value: correlationId,
  });
  return propagation.setBaggage(parent, baggage);
}
