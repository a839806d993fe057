import type { IncomingMessage, ServerResponse } from "node:http";
import FindMyWay from "find-my-way";
import type { Route } from "../routes/route.js";
import { gatewayMetrics, type GatewayMetrics } from "./gateway-metrics.js";
import { responseFacts } from "./response-facts.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The low-cardinality `http.route` of a request: the route pattern, or the page it belongs to, or "" when unmatched. */
export function routeMatcher(routes: readonly Route[]): (method: string, path: string) => string {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of routes) {
    const paths = route.unversioned ? [route.path] : [`/api${route.path}`, `/api/v1${route.path}`];
    for (const path of paths) router.on(route.method, path, () => undefined, { pattern: path });
  }
  return (method, path) => {
    if (path === "/console" || path.startsWith("/console/")) return "/console/*";
    if (path === "/docs" || path.startsWith("/docs/")) return "/docs/*";
    if (path === "/openapi.json" || path === "/metrics") return path;
    const match = router.find(method as "GET", path);
    return match ? (match.store as { pattern: string }).pattern : "";
  };
}

/**
 * Wraps the gateway's request handler: times every request into
 * http_server_request_duration_seconds and reads the governance facts (decision,
 * refusal code, admitted cost, limit kind, approvals) off the JSON the gateway answered.
 */
export function instrumentHttp(
  routes: readonly Route[],
  handler: Handler,
  metrics: GatewayMetrics = gatewayMetrics,
): Handler {
  const routeOf = routeMatcher(routes);
  return (req, res) => {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const route = routeOf(method, new URL(req.url ?? "/", "http://gateway.invalid").pathname);
    // The gateway writes each JSON answer with one res.end(string): keep it to read the facts.
    let written: unknown;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] === "string") written = args[0];
      return end(...args);
    }) as typeof res.end;
    res.once("finish", () => {
      const status = res.statusCode;
      metrics.httpDuration.observe(
        {
          http_request_method: method,
          http_route: route,
          http_response_status_code: String(status),
          error_type: status >= 500 ? String(status) : "",
        },
        (performance.now() - started) / 1000,
      );
      if (typeof written !== "string" || written.length === 0 || !route.startsWith("/api")) return;
      let body: unknown;
      try {
        body = JSON.parse(written);
      } catch {
        return;
      }
      const facts = responseFacts(method, route, status, body);
      if (facts.decision) metrics.decisions.inc({ outcome: facts.decision, refusal_code: facts.refusalCode ?? "none" });
      if (facts.admittedCostUsd) metrics.budgetSpend.inc(facts.admittedCostUsd);
      if (facts.limitKind) metrics.rateLimited.inc({ limit: facts.limitKind });
      if (facts.approval) metrics.approvals.inc({ move: facts.approval.move, outcome: facts.approval.outcome });
    });
    handler(req, res);
  };
}
