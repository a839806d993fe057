export { createServiceClient, createServiceTransport, clientInterceptors, type ServiceClientOptions } from "./client.js";
export { errorNormalizer, type CauseLogger, type ErrorMapper } from "./error-normalizer.js";
export { PRINCIPAL_HEADER, currentPrincipal, principalKey, requirePrincipal, requireRole, runAsPrincipal } from "./principal-context.js";
export { principalClientInterceptor, principalServerInterceptor } from "./principal-interceptors.js";
export {
  inProcessTransport,
  serviceInterceptors,
  startServiceServer,
  type RouteRegistrar,
  type RunningServer,
  type ServiceServerOptions,
} from "./server.js";
export { assertValid, jsonTypeOf, toFieldProblem, validationInterceptor } from "./validation-interceptor.js";
export { runService, type RunOptions, type RunningService, type ServiceDefinition } from "./run-service.js";
export { serviceMetrics, type ServiceMetrics } from "./service-metrics.js";
