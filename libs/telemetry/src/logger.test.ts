import { Writable } from "node:stream";
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "./logger.js";
import { setupInMemoryTracing } from "./testing.js";

setupInMemoryTracing();

/** A pino destination keeping the parsed lines. */
function capture(): { lines: Record<string, unknown>[]; sink: Writable } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, sink };
}

describe("createLogger", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("writes the trace and span id of the active span on every line", () => {
    vi.stubEnv("LOG_LEVEL", "info");
    const { lines, sink } = capture();
    const logger = createLogger("test", sink);

    const ids = trace.getTracer("test").startActiveSpan("work", (span) => {
      logger.info("inside");
      logger.child({ part: "child" }).warn("also inside");
      span.end();
      return span.spanContext();
    });
    logger.info("outside");

    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      msg: "inside",
      name: "test",
      level: 30,
      trace_id: ids.traceId,
      span_id: ids.spanId,
    });
    expect(lines[1]).toMatchObject({ msg: "also inside", part: "child", trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[2]).toMatchObject({ msg: "outside" });
    expect(lines[2]).not.toHaveProperty("trace_id");
    expect(lines[2]).not.toHaveProperty("span_id");
  });

  it("takes its level from LOG_LEVEL, and is silent under vitest by default", () => {
    vi.stubEnv("LOG_LEVEL", "warn");
    expect(createLogger("test").level).toBe("warn");
    vi.stubEnv("LOG_LEVEL", undefined);
    expect(createLogger("test").level).toBe("silent");
    vi.stubEnv("VITEST", undefined);
    expect(createLogger("test").level).toBe("info");
  });
});
