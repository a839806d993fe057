export { traceClientInterceptor, traceServerInterceptor } from "./connect-interceptors.js";
export { currentTraceId } from "./correlation.js";
export { createLogger, type Logger } from "./logger.js";
export { shutdownTelemetry } from "./sdk-handle.js";
