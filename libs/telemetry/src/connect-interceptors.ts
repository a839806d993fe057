import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * OpenTelemetry's HTTP instrumentation does not cover node:http2, which Connect
 * uses between services, so W3C trace context crosses Connect calls here.
 */
const headerSetter: TextMapSetter<Headers> = { set: (carrier, key, value) => carrier.set(key, value) };
const headerGetter: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};

const tracer = trace.getTracer("@platform/telemetry");

function spanName(req: { service: { typeName: string }; method: { name: string } }): string {
  return `${req.service.typeName}/${req.method.name}`;
}

function attributes(req: { service: { typeName: string }; method: { name: string } }) {
  return { "rpc.system": "connect_rpc", "rpc.service": req.service.typeName, "rpc.method": req.method.name };
}

/** Marks a span as failed with the Connect code in snake case (e.g. `not_found`). */
function recordFailure(span: Span, failure: unknown): void {
  const error = ConnectError.from(failure);
  const code = (Code[error.code] ?? "unknown").replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
  span.setAttribute("rpc.connect_rpc.error_code", code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.rawMessage });
}

/** Client side: a CLIENT span per call, its context injected as `traceparent`. */
export const traceClientInterceptor: Interceptor = (next) => async (req) => {
  return tracer.startActiveSpan(spanName(req), { kind: SpanKind.CLIENT, attributes: attributes(req) }, async (span) => {
    propagation.inject(context.active(), req.header, headerSetter);
    try {
      return await next(req);
    } catch (failure) {
      recordFailure(span, failure);
      throw failure;
    } finally {
      span.end();
    }
  });
};

/** Server side: continues the caller's trace with a SERVER span around the handler. */
export const traceServerInterceptor: Interceptor = (next) => async (req) => {
  const parent = propagation.extract(context.active(), req.header, headerGetter);
  return tracer.startActiveSpan(spanName(req), { kind: SpanKind.SERVER, attributes: attributes(req) }, parent, async (span) => {
    try {
      return await next(req);
    } catch (failure) {
      recordFailure(span, failure);
      throw failure;
    } finally {
      span.end();
    }
  });
};
