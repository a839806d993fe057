import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { platformPropagator } from "./propagator.js";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

/** The in-memory tracing of a test process. */
export interface InMemoryTracing {
  /** Holds every span finished since the last reset (`getFinishedSpans()`). */
  readonly exporter: InMemorySpanExporter;
  readonly provider: TracerProvider;
  /** Forgets the spans finished so far. */
  reset(): void;
}

// The OTel API keeps its globals on globalThis, so the instance lives there too:
// should this module be evaluated again in the same process (a test runner
// resetting its module graph), the provider already registered is the one to return.
const INSTANCE = Symbol.for("@platform/telemetry/in-memory-tracing");
const holder = globalThis as { [INSTANCE]?: InMemoryTracing };

/**
 * For tests: installs the real trace SDK globally, exporting to memory, with the
 * AsyncLocalStorage context manager and W3C trace-context propagation, as
 * register.ts does for a running app. Idempotent: later calls return the same instance.
 */
export function setupInMemoryTracing(): InMemoryTracing {
  const existing = holder[INSTANCE];
  if (existing) return existing;
  const exporter = new InMemorySpanExporter();
  // Simple, not batched: a span is in the exporter as soon as it ends.
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const registered =
    trace.setGlobalTracerProvider(provider) &&
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) &&
    propagation.setGlobalPropagator(platformPropagator());
  // Otherwise spans would go to a provider the test cannot see, and tests would fail
  // far from the cause (e.g. register.ts loaded through NODE_OPTIONS).
  if (!registered)
    throw new Error("setupInMemoryTracing: OpenTelemetry globals were already registered by something else");
  return (holder[INSTANCE] = { exporter, provider, reset: () => exporter.reset() });
}
