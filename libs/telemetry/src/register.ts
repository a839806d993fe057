/**
 * Loaded before each app with `node --import @platform/telemetry/register`, so the
 * tracer provider exists before any app code runs.
 *
 * Exporting follows the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, ...; see exporting.ts). With none of them set nothing is
 * exported (no retries against localhost:4318), but a real tracer provider is still
 * installed: its trace ids are the platform's correlation ids.
 */
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { platformPropagator } from "./propagator.js";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { NoopSpanProcessor } from "@opentelemetry/sdk-trace";
import { tracesExportConfigured } from "./exporting.js";
import { setActiveSdk } from "./sdk-handle.js";

// Nothing in the platform emits OTel metrics or log records (logs are pino lines on
// stdout), so their OTLP exporters, the SDK's default, only when asked for explicitly.
process.env["OTEL_METRICS_EXPORTER"] ??= "none";
process.env["OTEL_LOGS_EXPORTER"] ??= "none";

const sdk = new NodeSDK({
  serviceName: process.env["OTEL_SERVICE_NAME"] || "platform",
  contextManager: new AsyncLocalStorageContextManager(),
  textMapPropagator: platformPropagator(),
  // Without spanProcessors the SDK reads OTEL_TRACES_EXPORTER (default otlp). An
  // empty list, or OTEL_TRACES_EXPORTER=none, would install no tracer provider at
  // all, and so no trace ids: a processor that drops every span keeps the ids.
  ...(tracesExportConfigured() ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
});
sdk.start();
setActiveSdk(sdk);
