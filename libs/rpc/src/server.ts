import { createServer, type Http2Server, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import {
  Code,
  ConnectError,
  createRouterTransport,
  type ConnectRouter,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { platformError } from "@platform/errors";
import { createLogger, traceServerInterceptor } from "@platform/telemetry";
import { errorNormalizer, type ErrorMapper } from "./error-normalizer.js";
import { registerHealthService } from "./health-service.js";
import { principalClientInterceptor, principalServerInterceptor } from "./principal-interceptors.js";
import { validationInterceptor } from "./validation-interceptor.js";
import type { Registry } from "prom-client";
import { serviceMetrics } from "./service-metrics.js";

/** What a service registers on its server. */
export type RouteRegistrar = (router: ConnectRouter) => void;

export interface ServiceServerOptions {
  /** The app name, for logs (auth, registry, ...). */
  readonly name: string;
  readonly routes: RouteRegistrar;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Maps persistence failures to the catalogue (see @platform/persistence). */
  readonly mapError?: ErrorMapper;
  /** Answers `GET /healthz` and grpc.health.v1 Check; a rejection reports the service not ready. */
  readonly readiness?: () => Promise<void>;
  /** Adds the service's own collectors to its metrics registry (served at `GET /metrics` and `/metrics.json`). */
  readonly metrics?: (registry: Registry) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  /** Stops taking calls, lets the calls in flight finish for up to `graceMs` (default 500 ms), then ends the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Planned maintenance: with MAINTENANCE_MODE=1 a service answers every call with 503
 * "Database maintenance in progress" (read per call, so it can be switched live).
 */
const maintenanceInterceptor: Interceptor = (next) => async (req) => {
  if (process.env["MAINTENANCE_MODE"] === "1")
    throw platformError("MAINTENANCE_IN_PROGRESS", {}, { retryAfterSeconds: 300 });
  return next(req);
};

/** Interceptors every service runs, outermost first: trace, errors, maintenance, caller, validation. */
export function serviceInterceptors(name: string, mapError?: ErrorMapper): Interceptor[] {
  return [
    serviceMetrics(name).interceptor,
    traceServerInterceptor,
    errorNormalizer(createLogger(name), mapError),
    maintenanceInterceptor,
    principalServerInterceptor,
    validationInterceptor,
  ];
}

/**
 * An in-process transport over the same server interceptors, for service tests
 * without a socket; calls made inside `runAsPrincipal` carry that caller.
 */
export function inProcessTransport(name: string, routes: RouteRegistrar, mapError?: ErrorMapper): Transport {
  return createRouterTransport(routes, {
    router: { interceptors: serviceInterceptors(name, mapError) },
    transport: { interceptors: [principalClientInterceptor] },
  });
}

/** Starts a Connect service on HTTP/2 cleartext (h2c) with the platform interceptors. */
export async function startServiceServer(options: ServiceServerOptions): Promise<RunningServer> {
  // Aborted on close: streaming handlers (change watches) end, so their clients reconnect
  // elsewhere and the drain is not held up; unary handlers do not watch it and finish.
  const shutdown = new AbortController();
  const readiness = options.readiness ?? (() => Promise.resolve());
  const { registry } = serviceMetrics(options.name);
  options.metrics?.(registry);
  const handler = connectNodeAdapter({
    shutdownSignal: shutdown.signal,
    routes(router) {
      options.routes(router);
      // grpc.health.v1 beside the service's own RPCs (Kubernetes gRPC probes, the gateway's /ready).
      registerHealthService(router, [...new Set(router.handlers.map((h) => h.service.typeName))], readiness);
    },
    interceptors: serviceInterceptors(options.name, options.mapError),
    fallback(req, nodeResponse) {
      // Both HTTP/1 and HTTP/2 responses have these two; the adapter's type is a union of both.
      const res = nodeResponse as unknown as {
        writeHead(status: number, headers?: Record<string, string>): void;
        end(body?: string): void;
      };
      const answer = (status: number, body: string) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      };
      // Metrics for the gateway's aggregated /metrics (JSON) or a scraper that speaks h2c (text).
      if (req.url === "/metrics.json" || req.url === "/metrics") {
        const json = req.url === "/metrics.json";
        (json ? registry.getMetricsAsJSON().then((m) => JSON.stringify(m)) : registry.metrics()).then(
          (body) => {
            res.writeHead(200, { "content-type": json ? "application/json" : registry.contentType });
            res.end(body);
          },
          () => answer(500, '{"status":"error"}'),
        );
        return;
      }
      if (req.url !== "/healthz") {
        answer(404, '{"status":"not_found"}');
        return;
      }
      readiness().then(
        () => answer(200, '{"status":"ok"}'),
        () => answer(503, '{"status":"unavailable"}'),
      );
    },
  });
  const server: Http2Server = createServer(handler);
  const openSessions = new Set<ServerHttp2Session>();
  server.on("session", (session) => {
    openSessions.add(session);
    session.once("close", () => openSessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    port,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    close: (graceMs = 500) =>
      new Promise<void>((resolve) => {
        // Stop taking connections, and send every client GOAWAY: the calls in flight
        // finish, new calls go elsewhere (a client reconnects and, while no replica
        // listens, gets the 503 of a refused connection). Sessions still open after
        // the grace period are destroyed.
        server.close(() => resolve());
        shutdown.abort(new ConnectError("the service is shutting down", Code.Unavailable));
        for (const session of openSessions) session.close();
        setTimeout(() => {
          for (const session of openSessions) session.destroy();
        }, graceMs).unref();
      }),
  };
}
