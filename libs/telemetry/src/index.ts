export { traceClientInterceptor, traceServerInterceptor } from "./connect-interceptors.js";
export { currentCorrelationId, currentSpanContext, currentTraceId, withCorrelationId } from "./correlation.js";
export { platformPropagator } from "./propagator.js";
export { createLogger, type Logger } from "./logger.js";
export { shutdownTelemetry } from "./sdk-handle.js";
export { traceBatchedCall, traceBatchedItem, untraced, type BatchedRpc } from "./batched-calls.js";
