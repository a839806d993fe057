import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { AggregatorRegistry } from "prom-client";
import { consoleFiles, defaultConsoleDir } from "./console/console-files.js";
import { gatewayMetrics } from "./metrics/gateway-metrics.js";
import { instrumentHttp } from "./metrics/instrument-http.js";
import { fetchServiceMetrics } from "./metrics/service-metrics-client.js";
import { openApiDocument } from "./openapi/document.js";
import { serveDocs } from "./openapi/docs-page.js";
import type { Route } from "./routes/route.js";
import type { ServiceUrls } from "./service-clients.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface PublicPagesOptions {
  /** The built console's folder; false serves no console. Default: apps/console/dist when it exists. */
  readonly consoleDir?: string | false;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
  /** The services whose metrics /metrics aggregates with the gateway's (each series labelled with its service). */
  readonly serviceUrls?: ServiceUrls;
}

// The same version GET /api/deployment-info reports (checked by config.ts at boot).
const version = process.env["PLATFORM_VERSION"] ?? "0.1.0";

function bearerMatches(req: IncomingMessage, token: string): boolean {
  const sent = Buffer.from(req.headers.authorization ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/**
 * The gateway's pages beside the JSON API, for GET and HEAD: the web console at /console/,
 * the OpenAPI document at /openapi.json, its reference page at /docs, and Prometheus
 * metrics at /metrics. Every request, API or page, is timed into the metrics.
 * Other methods on these paths, and every other path, go to the API handler.
 */
export function withPublicPages(routes: readonly Route[], api: Handler, options: PublicPagesOptions = {}): Handler {
  const consoleHandler =
    options.consoleDir === false ? undefined : consoleFiles(options.consoleDir ?? defaultConsoleDir);
  let document: string | undefined;
  const metricsToken = options.metricsToken;
  const serviceUrls: string[] = options.serviceUrls
    ? [
        options.serviceUrls.auth,
        options.serviceUrls.registry,
        options.serviceUrls.governance,
        options.serviceUrls.approval,
      ]
    : [];

  const openApi: Handler = (req, res) => {
    // Built on first use: the route table does not change while the process runs.
    document ??= JSON.stringify(openApiDocument(routes, { version }));
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : document);
  };

  const metrics: Handler = (req, res) => {
    if (metricsToken && !bearerMatches(req, metricsToken)) {
      res
        .writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' })
        .end("Unauthorized\n");
      return;
    }
    void (async () => {
      // A service that does not answer is left out of this scrape rather than failing it.
      const services = await Promise.all(serviceUrls.map((url) => fetchServiceMetrics(url)));
      const all = [await gatewayMetrics.registry.getMetricsAsJSON(), ...services.filter((m) => m !== undefined)];
      const text = await AggregatorRegistry.aggregate(all).metrics();
      res.writeHead(200, { "content-type": gatewayMetrics.registry.contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    })().catch(() => res.writeHead(500).end());
  };

  /** The page handler of a GET or HEAD path, if it is one of the pages. */
  const pageFor = (path: string): Handler | undefined => {
    if (consoleHandler && (path === "/console" || path.startsWith("/console/")))
      return (req, res) => {
        consoleHandler(req, res, path);
      };
    if (path === "/openapi.json") return openApi;
    if (path === "/docs" || path.startsWith("/docs/"))
      return (req, res) => {
        serveDocs(req, res, path);
      };
    if (path === "/metrics") return metrics;
    return undefined;
  };

  const pages: Handler = (req, res) => {
    const path = new URL(req.url ?? "/", "http://gateway.invalid").pathname;
    const page = req.method === "GET" || req.method === "HEAD" ? pageFor(path) : undefined;
    (page ?? api)(req, res);
  };
  return instrumentHttp(routes, pages);
}
