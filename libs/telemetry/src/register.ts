/**
 * Loaded before each app with `node --import @platform/telemetry/register`, so the
 * tracer provider exists before any app code runs.
 *
 * Exporting follows the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, ...; see exporting.ts). Then the full NodeSDK is started, with
 * the exporters those variables name. With none of them set nothing is exported, and
 * only what the correlation ids need is installed: a tracer provider whose spans go
 * nowhere, the context manager and the propagator. The NodeSDK brings every exporter
 * and resource detector (about 40 MB per process); a process that exports nothing
 * does not load it.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOffSampler, NoopSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { tracesExportConfigured } from "./exporting.js";
import { platformPropagator } from "./propagator.js";
import { setActiveSdk } from "./sdk-handle.js";

// Nothing in the platform emits OTel metrics or log records (logs are pino lines on
// stdout), so their OTLP exporters, the SDK's default, only when asked for explicitly.
process.env["OTEL_METRICS_EXPORTER"] ??= "none";
process.env["OTEL_LOGS_EXPORTER"] ??= "none";

const serviceName = process.env["OTEL_SERVICE_NAME"] || "platform";

if (tracesExportConfigured()) {
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({
    serviceName,
    contextManager: new AsyncLocalStorageContextManager(),
    textMapPropagator: platformPropagator(),
  });
  sdk.start();
  setActiveSdk(sdk);
} else {
  // Nothing is exported, so no span is recorded (no attributes kept, no span objects to
  // end and drop: several percent of the hot path's CPU). A span that is not recorded
  // still gets real trace and span ids, which travel on as before: they are the
  // platform's correlation ids.
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    sampler: new AlwaysOffSampler(),
    spanProcessors: [new NoopSpanProcessor()],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(platformPropagator());
  trace.setGlobalTracerProvider(provider);
  setActiveSdk({ shutdown: () => provider.shutdown() });
}
