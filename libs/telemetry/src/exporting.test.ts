import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tracesExportConfigured } from "./exporting.js";

describe("tracesExportConfigured", () => {
  beforeEach(() => {
    // Empty counts as unset for the SDK, and so here.
    for (const name of ["OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
      vi.stubEnv(name, "");
  });
  afterEach(() => vi.unstubAllEnvs());

  it("is off when no OTEL_* variable asks for it", () => {
    expect(tracesExportConfigured()).toBe(false);
    vi.stubEnv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://collector:4318/v1/metrics");
    expect(tracesExportConfigured()).toBe(false);
  });

  it.each(["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])("is on with %s", (name) => {
    vi.stubEnv(name, "http://collector:4318");
    expect(tracesExportConfigured()).toBe(true);
  });

  it("follows an explicit OTEL_TRACES_EXPORTER", () => {
    vi.stubEnv("OTEL_TRACES_EXPORTER", "console");
    expect(tracesExportConfigured()).toBe(true);
    vi.stubEnv("OTEL_TRACES_EXPORTER", " none ");
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    expect(tracesExportConfigured()).toBe(false);
  });
});
