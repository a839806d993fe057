import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";

// OpenTelemetry's HTTP instrumentation does not cover node:http2, which Connect
// uses between services, so W3C trace context crosses Connect calls here, in the
// Fetch `Headers` of the request.
const headerSetter: TextMapSetter<Headers> = { set: (headers, key, value) => headers.set(key, value) };
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

// A proxy tracer: it follows whatever provider is registered, even one registered
// after this module was loaded (tests).
const tracer = trace.getTracer("@platform/telemetry");

interface RpcCall {
  readonly service: { readonly typeName: string };
  readonly method: { readonly name: string };
}

/** `platform.registry.v1.RegistryService/GetAgent`, as the RPC semantic conventions name spans. */
function spanName(req: RpcCall): string {
  return `${req.service.typeName}/${req.method.name}`;
}

function spanAttributes(req: RpcCall): Attributes {
  return { "rpc.system": "connect_rpc", "rpc.service": req.service.typeName, "rpc.method": req.method.name };
}

/** Marks a span failed with the Connect code as Connect spells it on the wire (`NotFound` → `not_found`). */
function recordFailure(span: Span, failure: unknown): void {
  const error = ConnectError.from(failure);
  const code = Code[error.code].replace(/(?<=.)[A-Z]/g, (c) => `_${c}`).toLowerCase();
  span.setAttribute("rpc.connect_rpc.error_code", code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.rawMessage });
}

/** Runs `call` as the body of `span`: records a failure and always ends the span. */
async function traced<T>(span: Span, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (failure) {
    recordFailure(span, failure);
    throw failure;
  } finally {
    span.end();
  }
}

/**
 * Client side: a CLIENT span per unary call, child of the active span, whose context
 * goes to the server in the `traceparent` header. Streaming calls pass through
 * untraced (the platform has none; their span would end before the stream does).
 */
export const traceClientInterceptor: Interceptor = (next) => async (req) => {
  if (req.stream) return next(req);
  return tracer.startActiveSpan(spanName(req), { kind: SpanKind.CLIENT, attributes: spanAttributes(req) }, (span) => {
    propagation.inject(context.active(), req.header, headerSetter);
    return traced(span, () => next(req));
  });
};

/**
 * Server side: a SERVER span continuing the caller's trace from `traceparent` (a new
 * trace without one), active while the handler runs, so its database calls, log
 * lines and outgoing calls belong to that trace. Streaming calls pass through.
 */
export const traceServerInterceptor: Interceptor = (next) => async (req) => {
  if (req.stream) return next(req);
  const caller = propagation.extract(context.active(), req.header, headerGetter);
  return tracer.startActiveSpan(
    spanName(req),
    { kind: SpanKind.SERVER, attributes: spanAttributes(req) },
    caller,
    (span) => traced(span, () => next(req)),
  );
};
