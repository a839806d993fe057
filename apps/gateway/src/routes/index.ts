import type { CounterStore } from "@platform/counters";
import type { ServiceUrls } from "../service-clients.js";
import { actionRoutes } from "./action-routes.js";
import { agentRoutes } from "./agent-routes.js";
import { accountRoutes } from "./account-routes.js";
import { auditRoutes } from "./audit-routes.js";
import { notificationRoutes } from "./notification-routes.js";
import { authRoutes } from "./auth-routes.js";
import { healthRoutes } from "./health-routes.js";
import { userRoutes } from "./user-routes.js";
import { registryRoutes } from "./registry-routes.js";
import { ruleRoutes } from "./rule-routes.js";
import { sdkRoutes } from "./sdk-routes.js";
import { guarded } from "./guard.js";
import type { Route } from "./route.js";

/** Every public route of the gateway, each behind the checks of `guarded`. */
export function allRoutes(urls: ServiceUrls, counters?: CounterStore): Route[] {
  return [
    ...healthRoutes(urls, counters),
    ...authRoutes,
    ...accountRoutes,
    ...userRoutes,
    ...agentRoutes,
    ...registryRoutes,
    ...actionRoutes,
    ...ruleRoutes,
    ...auditRoutes,
    ...notificationRoutes,
    ...sdkRoutes,
  ].map(guarded);
}
