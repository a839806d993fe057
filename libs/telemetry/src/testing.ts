import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

export interface InMemoryTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: TracerProvider;
  /** Forgets the spans finished so far. */
  reset(): void;
}

let installed: InMemoryTracing | undefined;

/**
 * For tests: the real SDK with the in-memory exporter as the global provider, the
 * AsyncLocalStorage context manager and W3C propagation. Idempotent.
 */
export function setupInMemoryTracing(): InMemoryTracing {
  if (installed) return installed;
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  installed = { exporter, provider, reset: () => exporter.reset() };
  return installed;
}
