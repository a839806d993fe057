import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { classifyUpstreamFailure, decodePlatformError } from "@platform/errors";
import { traceClientInterceptor } from "@platform/telemetry";
import { GuardedHttp2SessionManager } from "./guarded-session-manager.js";
import { principalClientInterceptor } from "./principal-interceptors.js";

export interface ServiceClientOptions {
  readonly baseUrl: string;
  /** Deadline of every call unless the call sets its own (api-contract: 504 past it). */
  readonly timeoutMs?: number;
}

/**
 * Tags a failure that did not come from the service's handlers (no answer, not a
 * Connect answer) with the service it was for, so the 503/502/504 can say which. A
 * connection lost under the call (the service died or restarted with it in flight:
 * reset, hang up, GOAWAY) becomes Unavailable whatever code the transport gave it, so
 * every caller, gateway or service, passes it on as the 503 it is.
 */
function upstreamTagInterceptor(service: string): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (failure) {
      let error = ConnectError.from(failure);
      if (decodePlatformError(error)) throw error;
      if (error.code !== Code.Unavailable && classifyUpstreamFailure(error) === "unavailable") {
        error = new ConnectError(
          `service '${service}' went away during the call: ${error.rawMessage}`,
          Code.Unavailable,
          error.metadata,
          undefined,
          error,
        );
      }
      if (!error.metadata.has("x-upstream-service")) error.metadata.set("x-upstream-service", service);
      throw error;
    }
  };
}

/** Interceptors of every service client, outermost first. */
export function clientInterceptors(serviceName: string): Interceptor[] {
  return [upstreamTagInterceptor(serviceName), traceClientInterceptor, principalClientInterceptor];
}

/** A transport to a platform service over HTTP/2 (h2c) with trace and caller propagation. */
export function createServiceTransport(serviceName: string, options: ServiceClientOptions): Transport {
  return createConnectTransport({
    httpVersion: "2",
    baseUrl: options.baseUrl,
    defaultTimeoutMs: options.timeoutMs ?? 10_000,
    // A peer's GOAWAY on an idle connection must not crash this process (see the class).
    sessionManager: new GuardedHttp2SessionManager(options.baseUrl),
    // Service-to-service messages are small and stay on a private network: compressing them costs CPU, saves nothing.
    acceptCompression: [],
    interceptors: clientInterceptors(serviceName),
  });
}

/** A typed client of a platform service. */
export function createServiceClient<T extends DescService>(service: T, options: ServiceClientOptions): Client<T> {
  const name = service.typeName.split(".")[1] ?? service.typeName;
  return createClient(service, createServiceTransport(name, options));
}
