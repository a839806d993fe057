import {
  AgentGovernanceSchema,
  AgentSchema,
  McpServerSchema,
  RegisterMcpServerRequestSchema,
  SetAgentGovernanceRequestSchema,
  UpdateAgentRequestSchema,
  KillAgentRequestSchema,
} from "@platform/proto/registry";
import { AgentBudgetSchema, type AgentBudget } from "@platform/proto/governance";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** An agent's budget as JSON, with null where it has no budget (the OpenAPI view AgentBudget). */
function agentBudgetView(budget: AgentBudget | undefined) {
  const view = jsonView(AgentBudgetSchema, budget);
  return { ...view, max_daily_usd: budget?.maxDailyUsd ?? null, remaining_usd: budget?.remainingUsd ?? null };
}

/** Agent management beyond registration, the kill switch, and MCP servers (api-contract section 7). */
export const registryRoutes: Route[] = [
  {
    method: "PATCH",
    path: "/registry/agents/:agent_id",
    access: "authenticated",
    async handle({ params, body, services }) {
      const req = messageFromJson(UpdateAgentRequestSchema, { ...(body as object), agent_id: params["agent_id"] });
      return ok(jsonView(AgentSchema, (await services.registry.updateAgent(req)).agent));
    },
  },
  {
    method: "DELETE",
    path: "/registry/agents/:agent_id",
    access: "authenticated",
    async handle({ params, services }) {
      await services.registry.deleteAgent({ agentId: params["agent_id"] });
      return { status: 204 };
    },
  },
  {
    method: "POST",
    path: "/registry/agents/:agent_id/kill",
    access: "authenticated",
    async handle({ params, body, services }) {
      const req = messageFromJson(KillAgentRequestSchema, { ...(body as object), agent_id: params["agent_id"] });
      return ok(jsonView(AgentSchema, (await services.registry.killAgent(req)).agent));
    },
  },
  {
    method: "POST",
    path: "/registry/agents/:agent_id/reactivate",
    access: "authenticated",
    async handle({ params, body, services }) {
      const { reason } = messageFromJson(KillAgentRequestSchema, { ...(body as object), agent_id: params["agent_id"] });
      return ok(
        jsonView(AgentSchema, (await services.registry.reactivateAgent({ agentId: params["agent_id"], reason })).agent),
      );
    },
  },
  {
    method: "GET",
    path: "/registry/agents/:agent_id/budget",
    access: "authenticated",
    async handle({ params, services }) {
      const { budget } = await services.governance.getAgentBudget({ agentId: params["agent_id"] });
      return ok(agentBudgetView(budget));
    },
  },
  {
    method: "PUT",
    path: "/registry/agents/:agent_id/governance",
    access: "authenticated",
    bodyField: "governance",
    async handle({ params, body, services }) {
      const req = messageFromJson(SetAgentGovernanceRequestSchema, { agent_id: params["agent_id"], governance: body });
      return ok(jsonView(AgentGovernanceSchema, (await services.registry.setAgentGovernance(req)).governance));
    },
  },
  {
    method: "POST",
    path: "/registry/mcp-servers",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.registry.registerMcpServer(messageFromJson(RegisterMcpServerRequestSchema, body));
      return ok(jsonView(McpServerSchema, res.server), 201);
    },
  },
  {
    method: "GET",
    path: "/registry/mcp-servers",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.registry.listMcpServers({});
      return ok({ items: res.items.map((m) => jsonView(McpServerSchema, m)), next_cursor: null });
    },
  },
  {
    method: "GET",
    path: "/registry/mcp-servers/:name",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(jsonView(McpServerSchema, (await services.registry.getMcpServer({ name: params["name"] })).server));
    },
  },
  {
    method: "DELETE",
    path: "/registry/mcp-servers/:name",
    access: "authenticated",
    async handle({ params, services }) {
      await services.registry.deleteMcpServer({ name: params["name"] });
      return { status: 204 };
    },
  },
];
