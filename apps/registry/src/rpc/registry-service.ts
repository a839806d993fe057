import type { ServiceImpl } from "@connectrpc/connect";
import type { RegistryService } from "@platform/proto";
import { requirePrincipal } from "@platform/rpc";
import type { RegistryApplication } from "../application/registry-application.js";
import { toAgentMessage, toGovernanceMessage, toHealthMessage, toKillSwitchMessage } from "./agent-mapper.js";
import { toMcpServerMessage } from "./mcp-mapper.js";

/**
 * Connect handlers of the registry: contract <-> application only. Each takes the caller
 * from the context, hands the request's fields to one use case and maps its answer.
 */
export function registryService(
  app: RegistryApplication,
  now: () => Date = () => new Date(),
): ServiceImpl<typeof RegistryService> {
  const { agents, killSwitches, mcpServers } = app;
  return {
    async registerAgent(req, ctx) {
      const agent = await agents.register(requirePrincipal(ctx), {
        agentId: req.agentId,
        agentType: req.agentType,
        name: req.name,
        description: req.description,
        metadata: req.metadata ?? {},
      });
      return { agent: toAgentMessage(agent) };
    },

    async getAgent(req, ctx) {
      const { agent, organizationSwitch } = await agents.get(requirePrincipal(ctx), req.agentId);
      return { agent: toAgentMessage(agent), organizationKillSwitch: toKillSwitchMessage(organizationSwitch) };
    },

    async listAgents(req, ctx) {
      const page = await agents.list(requirePrincipal(ctx), req.limit, req.cursor);
      return { items: page.items.map(toAgentMessage), nextCursor: page.nextCursor };
    },

    async updateAgent(req, ctx) {
      const agent = await agents.update(requirePrincipal(ctx), req.agentId, {
        agentType: req.agentType,
        name: req.name,
        description: req.description,
      });
      return { agent: toAgentMessage(agent) };
    },

    async deleteAgent(req, ctx) {
      await agents.delete(requirePrincipal(ctx), req.agentId);
      return {};
    },

    async killAgent(req, ctx) {
      return { agent: toAgentMessage(await agents.kill(requirePrincipal(ctx), req.agentId, req.reason)) };
    },

    async reactivateAgent(req, ctx) {
      return { agent: toAgentMessage(await agents.reactivate(requirePrincipal(ctx), req.agentId, req.reason)) };
    },

    async setAgentGovernance(req, ctx) {
      return {
        governance: toGovernanceMessage(await agents.setGovernance(requirePrincipal(ctx), req.agentId, req.governance)),
      };
    },

    async recordHeartbeat(req, ctx) {
      const agent = await agents.recordHeartbeat(requirePrincipal(ctx), req.agentId, {
        status: req.status,
        sdkVersion: req.sdkVersion,
      });
      return { health: toHealthMessage(agent, now()) };
    },

    async getAgentHealth(req, ctx) {
      return { health: toHealthMessage(await agents.health(requirePrincipal(ctx), req.agentId), now()) };
    },

    async setOrganizationKillSwitch(req, ctx) {
      return {
        status: toKillSwitchMessage(
          await killSwitches.setForOrganization(requirePrincipal(ctx), req.active, req.reason),
        ),
      };
    },

    async getKillSwitchStatus(req, ctx) {
      return { status: toKillSwitchMessage(await killSwitches.status(requirePrincipal(ctx), req.agentId)) };
    },

    async registerMcpServer(req, ctx) {
      const server = await mcpServers.register(requirePrincipal(ctx), {
        name: req.name,
        url: req.url,
        transport: req.transport,
        tools: [...req.tools],
      });
      return { server: toMcpServerMessage(server) };
    },

    async listMcpServers(_req, ctx) {
      return { items: (await mcpServers.list(requirePrincipal(ctx))).map(toMcpServerMessage) };
    },

    async getMcpServer(req, ctx) {
      return { server: toMcpServerMessage(await mcpServers.get(requirePrincipal(ctx), req.name)) };
    },

    async deleteMcpServer(req, ctx) {
      await mcpServers.delete(requirePrincipal(ctx), req.name);
      return {};
    },
  };
}
