import { isSpanContextValid, trace } from "@opentelemetry/api";

/** The trace id of the active span: the correlation id of the request being served. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}
