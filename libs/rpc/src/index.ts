export {
  createServiceClient,
  createServiceTransport,
  clientInterceptors,
  type ServiceClientOptions,
} from "./client.js";
export { GuardedHttp2SessionManager } from "./guarded-session-manager.js";
export { errorNormalizer, toCatalogueError, type CauseLogger, type ErrorMapper } from "./error-normalizer.js";
export { codeOf, errorToStatus, statusToError } from "./batch-outcome.js";
export {
  currentPrincipal,
  principalKey,
  requireCaller,
  requirePrincipal,
  requireServiceSender,
  requireRole,
  runAsPrincipal,
  SERVICE_AUTH_METHOD,
  servicePrincipal,
  GATEWAY_KEY_PREFIX,
} from "./principal-context.js";
export {
  SERVICE_TOKEN_HEADER,
  principalClientInterceptor,
  principalServerInterceptor,
} from "./principal-interceptors.js";
export {
  MAX_SERVICE_TOKEN_LIFETIME_SECONDS,
  SERVICE_TOKEN_TTL_SECONDS,
  audienceOf,
  configureServiceTokenSecret,
  serviceTokenFor,
  signServiceToken,
  verifyServiceToken,
} from "./service-token.js";
export { SERVICE_TOKEN_SECRET_FILE, loadServiceTokenSecret } from "./service-token-secret.js";
export {
  inProcessTransport,
  serviceInterceptors,
  startServiceServer,
  type RouteRegistrar,
  type RunningServer,
  type ServiceServerOptions,
} from "./server.js";
export { assertValid, jsonTypeOf, toFieldProblem, validationInterceptor } from "./validation-interceptor.js";
export { serviceUrl } from "./service-addresses.js";
export { runService, type RunOptions, type RunningService, type ServiceDefinition } from "./run-service.js";
export { bootService, type BootConfig } from "./boot-service.js";
export { serviceMetrics, type ServiceMetrics } from "./service-metrics.js";
export { Coalescer, type CoalescerOptions } from "./coalescer.js";
export { handleEachInBatch, type BatchedRequest, type BatchHandling, type BatchOutcome } from "./batch-items.js";
