import type { Principal } from "@platform/proto/principal";
import type { ServiceClients } from "../service-clients.js";

/** What a route handler gets: the parsed request and the services. */
export interface RouteInput {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (`{}` when empty); only for POST, PUT and PATCH. */
  readonly body: unknown;
  readonly principal: Principal | undefined;
  readonly services: ServiceClients;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What a route handler answers with; failures are thrown and translated centrally. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  /**
   * A catalogue entry whose envelope (`detail`, `error`, `meta`, its headers) the answer
   * carries beside `body` without being a failure: the 202 APPROVAL_REQUIRED.
   */
  readonly envelope?: unknown;
}

/**
 * One public route. `path` is written without the `/api` prefix's version; every
 * route is served as `/api/...` and `/api/v1/...` (api-contract section 3) unless
 * `unversioned` (health checks).
 */
export interface Route {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  /** public routes need no credential; all others answer 401 without one. */
  readonly access: "public" | "authenticated";
  readonly unversioned?: boolean;
  /** The request field the JSON body is placed in (`policy` for `{policy: body}`), hidden from clients' error paths. */
  readonly bodyField?: string;
  handle(input: RouteInput): Promise<RouteResult>;
}

/** A route answered with JSON 200 (or `status`). */
export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
