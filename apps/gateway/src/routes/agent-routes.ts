import { AgentSchema, ListAgentsRequestSchema, RegisterAgentRequestSchema } from "@platform/proto/registry";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** What the vendor SDKs send when registering (api-contract section 8), kept in the agent's metadata. */
const sdkAgentFields = ["environment", "capabilities", "allowed_resources", "sdk_version"] as const;

function withSdkFields(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  const extras = Object.fromEntries(sdkAgentFields.filter((k) => b[k] !== undefined).map((k) => [k, b[k]]));
  const metadata =
    typeof b["metadata"] === "object" && b["metadata"] && !Array.isArray(b["metadata"]) ? b["metadata"] : {};
  const name = b["name"] ?? b["display_name"];
  return { ...b, ...(name === undefined ? {} : { name }), metadata: { ...metadata, ...extras } };
}

/** The agent registry (api-contract section 7). */
export const agentRoutes: Route[] = [
  {
    method: "POST",
    path: "/registry/agents",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.registry.registerAgent(
        messageFromJson(RegisterAgentRequestSchema, withSdkFields(body)),
      );
      return ok(jsonView(AgentSchema, res.agent), 201);
    },
  },
  {
    method: "GET",
    path: "/registry/agents",
    access: "authenticated",
    async handle({ query, services }) {
      const req = messageFromJson(ListAgentsRequestSchema, queryToJson(ListAgentsRequestSchema, query), "query");
      const res = await services.registry.listAgents(req);
      return ok({ items: res.items.map((a) => jsonView(AgentSchema, a)), next_cursor: res.nextCursor || null });
    },
  },
  {
    method: "GET",
    path: "/registry/agents/:agent_id",
    access: "authenticated",
    async handle({ params, services }) {
      const res = await services.registry.getAgent({ agentId: params["agent_id"] });
      return ok(jsonView(AgentSchema, res.agent));
    },
  },
];
