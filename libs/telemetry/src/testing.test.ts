import { trace } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { setupInMemoryTracing } from "./testing.js";

describe("setupInMemoryTracing", () => {
  it("is idempotent, even when its module is evaluated again", async () => {
    const tracing = setupInMemoryTracing();
    expect(setupInMemoryTracing()).toBe(tracing);
    vi.resetModules();
    const fresh = await import("./testing.js");
    expect(fresh.setupInMemoryTracing).not.toBe(setupInMemoryTracing);
    expect(fresh.setupInMemoryTracing()).toBe(tracing);
  });

  it("collects the spans of the global tracer until reset", () => {
    const tracing = setupInMemoryTracing();
    tracing.reset();
    trace.getTracer("test").startSpan("one").end();
    expect(tracing.exporter.getFinishedSpans().map((span) => span.name)).toEqual(["one"]);
    tracing.reset();
    expect(tracing.exporter.getFinishedSpans()).toEqual([]);
  });
});
