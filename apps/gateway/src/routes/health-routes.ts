import type { CounterStore } from "@platform/counters";
import { platformError } from "@platform/errors";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@platform/proto/health";
import { createServiceClient } from "@platform/rpc";
import type { ServiceUrls } from "../service-clients.js";
import { ok, type Route } from "./route.js";

/** How long readiness waits for each dependency. */
const CHECK_TIMEOUT_MS = 2000;

type Verdict = "ok" | "not_serving" | "unavailable";

function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Liveness and readiness (api-contract section 7). Readiness asks every service's
 * grpc.health.v1 Check, which a service answers SERVING only while its own database
 * (SQLite file or PostgreSQL schema) answers, and pings Redis when the gateway's
 * counters live there: `{status, services: {auth: "ok" | "not_serving" | "unavailable", ...}, redis?}`.
 */
export function healthRoutes(urls: ServiceUrls, counters?: CounterStore): Route[] {
  const names = Object.keys(urls) as (keyof ServiceUrls)[];
  const health = names.map((name) => createServiceClient(Health, { baseUrl: urls[name], timeoutMs: CHECK_TIMEOUT_MS }));
  const checkService = (client: (typeof health)[number]): Promise<Verdict> =>
    client.check({ service: "" }).then(
      (res) => (res.status === Status.SERVING ? "ok" : "not_serving"),
      () => "unavailable",
    );
  const checkRedis = async (): Promise<Verdict | undefined> => {
    if (!counters?.ping) return undefined;
    return within(counters.ping(), CHECK_TIMEOUT_MS).then(
      () => "ok" as const,
      () => "unavailable" as const,
    );
  };
  return [
    { method: "GET", path: "/health", access: "public", unversioned: true, handle: async () => ok({ status: "ok" }) },
    {
      method: "GET",
      path: "/ready",
      access: "public",
      unversioned: true,
      async handle() {
        const [redis, ...results] = await Promise.all([checkRedis(), ...health.map(checkService)]);
        const services = Object.fromEntries(names.map((name, i) => [name, results[i]]));
        const down = [...names.filter((_, i) => results[i] !== "ok"), ...(redis && redis !== "ok" ? ["redis"] : [])];
        if (down.length > 0)
          throw platformError("SERVICE_UNAVAILABLE", { service: down.join(", ") }, { retryAfterSeconds: 5 });
        return ok({ status: "ready", services, ...(redis ? { redis } : {}) });
      },
    },
  ];
}
