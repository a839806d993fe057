import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { context, defaultTextMapGetter, isSpanContextValid, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import FindMyWay from "find-my-way";
import { platformError } from "@platform/errors";
import { routeFamilyOf, translateFailure } from "@platform/errors-http";
import { runAsPrincipal } from "@platform/rpc";
import { createLogger, withCorrelationId } from "@platform/telemetry";
import { InProcessCounters, type CounterStore } from "@platform/counters";
import type { ChangeFeed } from "@platform/changes";
import { AuthCaches } from "./auth-caches.js";
import { authenticate } from "./authenticate.js";
import { handleClientErrors } from "./http/client-error.js";
import {
  Idempotency,
  idempotencyKeyOf,
  REPLAYED_HEADER,
  requestFingerprint,
  type IdempotentRun,
} from "./http/idempotency.js";
import { InMemoryIdempotencyStore } from "./http/idempotency-store-memory.js";
import { countOrganizationRequest } from "./http/org-rate-limit.js";
import { readJsonBody } from "./http/read-body.js";
import { requestIdFor } from "./http/request-id.js";
import { allRoutes } from "./routes/index.js";
import { withPublicPages } from "./public-pages.js";
import type { Route, RouteResult } from "./routes/route.js";
import type { ServiceClients, ServiceUrls } from "./service-clients.js";

export interface GatewayOptions {
  readonly services: ServiceClients;
  readonly urls: ServiceUrls;
  readonly now?: () => Date;
  /** Organization request counters: Redis shared by all gateways, or this process's memory. */
  readonly counters?: CounterStore;
  /** Idempotency-Key storage: Redis shared by all gateways, or this process's memory. */
  readonly idempotency?: Idempotency;
  /** Where auth's changes are heard: the shared feed (Redis), else auth's Watch stream at `urls.auth`. */
  readonly changeFeed?: ChangeFeed;
  /** The built web console served at /console/ (default apps/console/dist when built); false for none. */
  readonly consoleDir?: string | false;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
}

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const withBody = new Set(["POST", "PUT", "PATCH"]);
const clientCorrelationPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const tracer = trace.getTracer("gateway");
const traceContext = new W3CTraceContextPropagator();
const logger = createLogger("gateway");

/** Every route under `/api` and `/api/v1` (api-contract section 3). */
function buildRouter(routes: readonly Route[]) {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of routes) {
    const paths = route.unversioned ? [route.path] : [`/api${route.path}`, `/api/v1${route.path}`];
    for (const path of paths) router.on(route.method, path, () => undefined, { route, pattern: path });
  }
  return router;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The Node request handler of the public API. */
export function createGatewayHandler(
  options: GatewayOptions,
  auth: AuthCaches,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = options.now ?? (() => new Date());
  const counters = options.counters ?? new InProcessCounters();
  const idempotency = options.idempotency ?? new Idempotency(new InMemoryIdempotencyStore());
  const routes = allRoutes(options.urls, counters);
  const router = buildRouter(routes);

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    correlationId: string,
  ): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://gateway.invalid");
    const family = routeFamilyOf(url.pathname);
    const span = trace.getActiveSpan();
    // Where request fields came from, so validation errors point at the query or the path.
    const fieldLocations: Record<string, "path" | "query"> = {};
    for (const name of url.searchParams.keys()) fieldLocations[name] = "query";
    let fieldPrefix: string | undefined;
    // X-RateLimit-* go on every authenticated answer, errors included.
    let rateHeaders: Record<string, string> = {};
    // A POST under an Idempotency-Key stores its answer before sending it (see idempotency.ts).
    let idempotent: IdempotentRun | undefined;
    const send = (status: number, body: unknown, headers: Readonly<Record<string, string | string[]>> = {}) => {
      span?.setAttribute("http.response.status_code", status);
      res.writeHead(status, {
        "x-request-id": requestId,
        "x-correlation-id": correlationId,
        ...rateHeaders,
        ...headers,
        ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    try {
      const match = router.find(method as (typeof methods)[number], url.pathname);
      if (!match) {
        const allow = methods.filter((m) => router.find(m, url.pathname));
        if (allow.length > 0)
          throw platformError("METHOD_NOT_ALLOWED", { method, path: url.pathname, allow: allow.join(", ") });
        throw platformError("ROUTE_NOT_FOUND", { method, path: url.pathname });
      }
      const { route, pattern } = match.store as { route: Route; pattern: string };
      span?.updateName(`${method} ${pattern}`);
      span?.setAttribute("http.route", pattern);
      for (const name of Object.keys(match.params)) fieldLocations[name] = "path";
      if (route.bodyField) fieldPrefix = `${route.bodyField}.`;
      const principal =
        route.access === "public"
          ? undefined
          : await authenticate(method, req.headers, (credential) => auth.caller(credential));
      if (route.access !== "public" && !principal) throw platformError("AUTHENTICATION_REQUIRED");
      if (principal) {
        // A request that names an organization explicitly must name the caller's own.
        const named = header(req, "x-organization-id") ?? url.searchParams.get("organization_id") ?? undefined;
        if (named && named !== principal.organizationId) throw platformError("CROSS_ORGANIZATION_ACCESS_DENIED");
        rateHeaders = await countOrganizationRequest(
          counters,
          principal.organizationId,
          await auth.organizationLimits(principal),
          now(),
        );
      }
      const body = withBody.has(method) ? await readJsonBody(req) : undefined;
      const idempotencyKey = principal && method === "POST" ? idempotencyKeyOf(req.headers) : undefined;
      if (principal && idempotencyKey !== undefined) {
        const decision = await idempotency.begin(
          principal.organizationId,
          idempotencyKey,
          requestFingerprint(method, url.pathname, body),
        );
        if (decision.kind === "replay") {
          send(decision.answer.status, decision.answer.body, { ...decision.answer.headers, [REPLAYED_HEADER]: "true" });
          return;
        }
        idempotent = decision.run;
      }
      const input = {
        params: match.params as Record<string, string>,
        query: url.searchParams,
        body,
        principal,
        services: options.services,
        headers: req.headers,
      };
      const result: RouteResult = principal
        ? await runAsPrincipal(principal, () => route.handle(input))
        : await route.handle(input);
      if (result.envelope === undefined) {
        await idempotent?.finish({ status: result.status, body: result.body, headers: result.headers ?? {} });
        send(result.status, result.body, result.headers);
        return;
      }
      // An answer with a catalogue envelope (the 202): the entry's detail, error and meta, and the route's body beside them.
      const envelope = translateFailure(result.envelope, family, {
        requestId,
        correlationId,
        now: now(),
        fieldLocations,
        fieldPrefix,
      });
      const answer = { ...envelope.body, ...(result.body as object) };
      const headers = { ...envelope.headers, ...result.headers };
      await idempotent?.finish({ status: result.status, body: answer, headers });
      send(result.status, answer, headers);
    } catch (failure) {
      const translated = translateFailure(failure, family, {
        requestId,
        correlationId,
        now: now(),
        fieldLocations,
        fieldPrefix,
      });
      span?.setAttribute("error.code", translated.body.error.code);
      if (translated.status >= 500) {
        span?.setStatus({ code: SpanStatusCode.ERROR, message: translated.body.error.code });
        // An outage (503) is expected and answered as such: one short line, not a stack per request.
        if (translated.status === 503)
          logger.warn(
            { request_id: requestId, status: 503, details: translated.body.error.details },
            "service unavailable",
          );
        else logger.error({ err: failure, request_id: requestId, status: translated.status }, "request failed");
      }
      await idempotent?.finish({ status: translated.status, body: translated.body, headers: translated.headers });
      send(translated.status, translated.body, translated.headers);
    }
  }

  // The console, /openapi.json, /docs and /metrics answer beside the API; every request is timed.
  return withPublicPages(
    routes,
    (req, res) => {
      const requestId = requestIdFor(header(req, "x-request-id"));
      // A client's traceparent continues its trace (api-contract section 4). Client baggage is
      // not taken: what travels to the services as baggage is only what the gateway put there.
      const parent = traceContext.extract(context.active(), req.headers, defaultTextMapGetter);
      const span = tracer.startSpan(
        `${req.method} ${req.url?.split("?")[0]}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            "http.request.method": req.method ?? "",
            "url.path": req.url?.split("?")[0] ?? "",
            "request.id": requestId,
          },
        },
        parent,
      );
      const clientCorrelation = header(req, "x-correlation-id");
      const usesClientId = clientCorrelation !== undefined && clientCorrelationPattern.test(clientCorrelation);
      if (usesClientId) span.setAttribute("correlation.client_id", clientCorrelation);
      // Without a tracer provider (no SDK loaded) spans carry the all-zero id: mint one instead.
      const traceId = isSpanContextValid(span.spanContext())
        ? span.spanContext().traceId
        : randomBytes(16).toString("hex");
      const correlationId = usesClientId ? clientCorrelation : traceId;
      // The client's own id travels to every service as baggage, so what they record carries it.
      const requestContext = trace.setSpan(usesClientId ? withCorrelationId(parent, clientCorrelation) : parent, span);
      context.with(requestContext, () => {
        serve(req, res, requestId, correlationId)
          .catch((failure: unknown) => logger.error({ err: failure }, "response could not be written"))
          .finally(() => span.end());
      });
    },
    { consoleDir: options.consoleDir, metricsToken: options.metricsToken, serviceUrls: options.urls },
  );
}

export interface RunningGateway {
  readonly port: number;
  readonly url: string;
  /**
   * Stops taking requests and lets those in flight finish for up to `graceMs`
   * (default 0: end every connection at once), then closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts the public HTTP API. */
export async function startGateway(options: GatewayOptions & { port: number; host?: string }): Promise<RunningGateway> {
  const auth = new AuthCaches(options.services, { feed: options.changeFeed, ownerUrl: options.urls.auth });
  const handle = createGatewayHandler(options, auth);
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    inFlight++;
    // While draining, every answer closes its connection: the client's next request opens a new one elsewhere.
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      if (draining) server.closeIdleConnections();
      if (inFlight === 0) drained?.();
    });
    handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  handleClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async (graceMs = 0) => {
      draining = true;
      auth.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (graceMs > 0 && inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
      await options.idempotency?.close();
    },
  };
}
