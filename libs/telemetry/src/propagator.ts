import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";

/**
 * W3C trace context carries the trace; W3C baggage carries a client's own correlation
 * id (`X-Correlation-ID`) to every service the request touches, so what they record
 * (actions, audit entries) carries the id the client logged.
 */
export function platformPropagator(): CompositePropagator {
  return new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
}
