/**
 * Loaded before each app with `node --import @platform/telemetry/register`, so the
 * tracer provider exists before any app code runs.
 *
 * Exporting follows the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, ...). With none of them set nothing is exported (no noisy
 * retries against localhost:4318), but a real tracer provider is still installed:
 * its trace ids are the platform's correlation ids.
 */
import { NodeSDK } from "@opentelemetry/sdk-node";
import { NoopSpanProcessor } from "@opentelemetry/sdk-trace";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { setActiveSdk } from "./sdk-handle.js";

const env = process.env;
const exportConfigured = Boolean(
  env["OTEL_TRACES_EXPORTER"] || env["OTEL_EXPORTER_OTLP_ENDPOINT"] || env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"],
);
// Metrics and logs go through OTLP only when asked for explicitly.
env["OTEL_METRICS_EXPORTER"] ??= "none";
env["OTEL_LOGS_EXPORTER"] ??= "none";

const sdk = new NodeSDK({
  serviceName: env["OTEL_SERVICE_NAME"] ?? "platform",
  contextManager: new AsyncLocalStorageContextManager(),
  textMapPropagator: new W3CTraceContextPropagator(),
  // An empty list would leave the SDK without a tracer provider, and so without trace ids.
  ...(exportConfigured ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
});
sdk.start();
setActiveSdk(sdk);
