import { trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger } from "pino";

/**
 * JSON logs on stdout; every line carries the trace and span id of the active span,
 * so a log line leads to its trace and the correlation id to its log lines.
 */
export function createLogger(name: string, destination?: DestinationStream): Logger {
  const level = process.env["LOG_LEVEL"] ?? (process.env["VITEST"] ? "silent" : "info");
  return pino(
    {
      name,
      level,
      mixin() {
        const context = trace.getActiveSpan()?.spanContext();
        return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
      },
    },
    destination,
  );
}

export type { Logger };
