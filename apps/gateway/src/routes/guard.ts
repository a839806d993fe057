import { invalidRequest, platformError } from "@platform/errors";
import { assertSafeRequestParts } from "../http/safe-text.js";
import type { Route } from "./route.js";

const withBody = new Set(["POST", "PUT", "PATCH"]);

/** The key role an agent runs with (api-contract section 5): only the routes marked `agent`. */
export const AGENT_ROLE = "agent";

/**
 * Everything an agent key may call (api-contract section 5): register itself, submit and
 * evaluate actions, report their outcomes, send heartbeats, read its organization's
 * actions and the kill-switch status. Kept in one list so it can be reviewed at a glance.
 */
export const AGENT_ROUTES: ReadonlySet<string> = new Set([
  "POST /registry/agents",
  "POST /actions",
  "POST /actions/submit",
  "POST /governance/policies/evaluate-realtime",
  "POST /actions/:id/execute",
  "POST /agent-action/:id/complete",
  "POST /agent-action/:id/fail",
  "POST /agents/health/heartbeat",
  "GET /agents/health/:agent_id",
  "GET /actions",
  "GET /actions/:id",
  "GET /actions/:id/status",
  "GET /agent-activity",
  "GET /sdk/kill-switch/status",
]);

const isObject = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Checks every route applies before its handler runs, so no handler can forget one:
 * path and query text a store cannot keep is a field error; a body that is JSON but
 * not an object (`[]`, `"x"`, `42`, `null`, `true`) is 422 VALIDATION_ERROR and
 * changes nothing; an agent key may call only the routes an agent needs.
 */
export function guarded(route: Route): Route {
  const agentMayCall = route.access === "public" || AGENT_ROUTES.has(`${route.method} ${route.path}`);
  return {
    ...route,
    async handle(input) {
      assertSafeRequestParts(input.params, input.query);
      if (input.principal?.role === AGENT_ROLE && !agentMayCall) {
        throw platformError("INSUFFICIENT_PERMISSIONS", { role: AGENT_ROLE, required_role: "user" });
      }
      if (withBody.has(route.method) && !isObject(input.body)) {
        throw invalidRequest([{ field: "", rule: "type.object", expected_type: "object", location: "body" }]);
      }
      return route.handle(input);
    },
  };
}
