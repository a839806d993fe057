import { getStringFromEnv, getStringListFromEnv } from "@opentelemetry/core";

/**
 * Whether the standard OTEL_* variables ask for spans to be exported.
 *
 * An explicit OTEL_TRACES_EXPORTER decides ("none" alone means no export); without
 * it, an OTLP endpoint for traces does. With neither the SDK would fall back to OTLP
 * on localhost:4318, which nobody runs in development.
 */
export function tracesExportConfigured(): boolean {
  const exporters = getStringListFromEnv("OTEL_TRACES_EXPORTER");
  if (exporters?.length) return !(exporters.length === 1 && exporters[0] === "none");
  return Boolean(
    getStringFromEnv("OTEL_EXPORTER_OTLP_ENDPOINT") ?? getStringFromEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
  );
}
