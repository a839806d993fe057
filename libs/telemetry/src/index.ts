export { traceClientInterceptor, traceServerInterceptor } from "./connect-interceptors.js";
export { currentSpanContext, currentTraceId } from "./correlation.js";
export { createLogger, type Logger } from "./logger.js";
export { shutdownTelemetry } from "./sdk-handle.js";
