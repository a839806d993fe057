import { pino, type DestinationStream, type Logger } from "pino";
import { currentSpanContext } from "./correlation.js";

/**
 * A JSON logger on stdout (or `destination`, for tests) whose every line carries
 * `trace_id` and `span_id` of the active span, so a log line leads to its trace and
 * a correlation id to its log lines. Level from LOG_LEVEL: "info" by default,
 * "silent" under vitest so test output stays readable.
 */
export function createLogger(name: string, destination?: DestinationStream): Logger {
  const level = process.env["LOG_LEVEL"] ?? (process.env["VITEST"] ? "silent" : "info");
  return pino(
    {
      name,
      level,
      // Called for every line, so the ids are those of the span active when logging.
      mixin() {
        const spanContext = currentSpanContext();
        return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
      },
    },
    destination,
  );
}

export type { Logger };
