import { platformError } from "@platform/errors";
import { checkServiceHealth } from "../http/service-health.js";
import type { ServiceUrls } from "../service-clients.js";
import { ok, type Route } from "./route.js";

/** Liveness and readiness (api-contract section 7): readiness asks every service. */
export function healthRoutes(urls: ServiceUrls): Route[] {
  return [
    { method: "GET", path: "/health", access: "public", unversioned: true, handle: async () => ok({ status: "ok" }) },
    {
      method: "GET", path: "/ready", access: "public", unversioned: true,
      async handle() {
        const names = Object.keys(urls) as (keyof ServiceUrls)[];
        const results = await Promise.all(names.map((name) => checkServiceHealth(urls[name])));
        const services = Object.fromEntries(names.map((name, i) => [name, results[i] ? "ok" : "unavailable"]));
        const down = names.filter((_, i) => !results[i]);
        if (down.length > 0) throw platformError("SERVICE_UNAVAILABLE", { service: down.join(", ") }, { retryAfterSeconds: 5 });
        return ok({ status: "ready", services });
      },
    },
  ];
}
