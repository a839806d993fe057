import { suppressTracing } from "@opentelemetry/core";
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
} from "@opentelemetry/api";

/**
 * Traces for requests that travel inside a batch call (many callers' requests in one
 * RPC). The batch call has no trace of its own, since it carries many; each request
 * keeps its own: a CLIENT span where it joins the batch, whose context travels with it
 * (a W3C carrier in the message), and a SERVER span where the service handles it,
 * both named as the unary RPC it stands for. So a trace looks the same batched or not.
 */
const tracer = trace.getTracer("@platform/telemetry");
const carrierGetter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

/** The RPC a batched request stands for: `platform.governance.v1.GovernanceService`, `SubmitAction`. */
export interface BatchedRpc {
  readonly service: string;
  readonly method: string;
}

const spanName = (rpc: BatchedRpc) => `${rpc.service}/${rpc.method}`;
const attributes = (rpc: BatchedRpc) => ({
  "rpc.system": "connect_rpc",
  "rpc.service": rpc.service,
  "rpc.method": rpc.method,
  "rpc.batched": true,
});

async function within<T>(span: ReturnType<typeof tracer.startSpan>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (failure) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: failure instanceof Error ? failure.message : String(failure),
    });
    throw failure;
  } finally {
    span.end();
  }
}

/** Caller side: `send` puts the request in a batch with `carrier`, the trace context the service continues. */
export function traceBatchedCall<T>(
  rpc: BatchedRpc,
  send: (carrier: Record<string, string>) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(spanName(rpc), { kind: SpanKind.CLIENT, attributes: attributes(rpc) });
  const active = trace.setSpan(context.active(), span);
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return context.with(active, () => within(span, () => send(carrier)));
}

/**
 * Service side: handles one request of a batch inside the trace its `carrier` names,
 * and only that one: nothing of the batch call's context (nor of another request's
 * baggage, such as a client's correlation id) carries over.
 */
export function traceBatchedItem<T>(
  rpc: BatchedRpc,
  carrier: Record<string, string>,
  handle: () => Promise<T>,
): Promise<T> {
  const caller = propagation.extract(ROOT_CONTEXT, carrier, carrierGetter);
  const span = tracer.startSpan(spanName(rpc), { kind: SpanKind.SERVER, attributes: attributes(rpc) }, caller);
  return context.with(trace.setSpan(caller, span), () => within(span, handle));
}

/**
 * Runs the batch call itself without spans and without the trace context or baggage of
 * the request that happened to start it: its requests carry their own.
 */
export function untraced<T>(work: () => T): T {
  return context.with(suppressTracing(ROOT_CONTEXT), work);
}
