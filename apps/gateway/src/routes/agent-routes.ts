import { AgentSchema, ListAgentsRequestSchema, RegisterAgentRequestSchema } from "@platform/proto/registry";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** The agent registry (api-contract section 7). */
export const agentRoutes: Route[] = [
  {
    method: "POST", path: "/registry/agents", access: "authenticated",
    async handle({ body, services }) {
      const res = await services.registry.registerAgent(messageFromJson(RegisterAgentRequestSchema, body));
      return ok(jsonView(AgentSchema, res.agent!), 201);
    },
  },
  {
    method: "GET", path: "/registry/agents", access: "authenticated",
    async handle({ query, services }) {
      const req = messageFromJson(ListAgentsRequestSchema, queryToJson(ListAgentsRequestSchema, query), "query");
      const res = await services.registry.listAgents(req);
      return ok({ items: res.items.map((a) => jsonView(AgentSchema, a)), next_cursor: res.nextCursor || null });
    },
  },
  {
    method: "GET", path: "/registry/agents/:agent_id", access: "authenticated",
    async handle({ params, services }) {
      const res = await services.registry.getAgent({ agentId: params["agent_id"] });
      return ok(jsonView(AgentSchema, res.agent!));
    },
  },
];
