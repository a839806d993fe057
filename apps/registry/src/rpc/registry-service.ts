import type { Client, ServiceImpl } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { decodeCursor, isUniqueConstraintViolation, newId, pageSize, toPage } from "@platform/persistence";
import { ApprovalService, RegistryService } from "@platform/proto";
import { requirePrincipal, requireRole } from "@platform/rpc";
import { AgentEntity } from "../persistence/agent-entity.js";
import { AgentRepository } from "../persistence/agent-repository.js";
import { toAgentMessage, toGovernanceMessage, toHealthMessage, toKillSwitchMessage } from "./agent-mapper.js";
import { killSwitchState } from "../domain/kill-switch-status.js";
import { OrganizationKillSwitchEntity } from "../persistence/organization-kill-switch-entity.js";
import { toMcpServerMessage } from "./mcp-mapper.js";
import { toStoredGovernance } from "../domain/governance-settings.js";
import { McpServerEntity } from "../persistence/mcp-server-entity.js";
import { OutboxRelay } from "@platform/outbox";
import { ApprovalEffects, approvalEffectHandlers } from "./approval-effects.js";

type Impl = Partial<ServiceImpl<typeof RegistryService>>;

/**
 * Connect handlers of the registry: contract <-> domain only. What a change causes on
 * approval goes through registry's outbox (`relay`, see approval-effects.ts).
 */
export function registryService(
  orm: MikroORM,
  approval: Client<typeof ApprovalService>,
  now: () => Date = () => new Date(),
  relay: OutboxRelay = new OutboxRelay(orm, approvalEffectHandlers(approval), { name: "registry" }),
): Impl {
  const effects = new ApprovalEffects(relay);
  const mcpNotFound = (name: string) => platformError("MCP_SERVER_NOT_FOUND", { name }, { resource: { type: "mcp_server", name } });
  const agentNotFound = (agentId: string) =>
    platformError("AGENT_NOT_FOUND", { agent_id: agentId, suggestion: "Register agent before submitting actions" }, { resource: { type: "agent", name: agentId } });

  return {
    async registerAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      // Agent keys register themselves at start (the vendor SDKs do); people need manager.
      if (caller.role !== "agent") requireRole(caller, "manager");
      const em = orm.em.fork();
      const agents = new AgentRepository(em);
      const duplicate = () => platformError("AGENT_ALREADY_EXISTS", { agent_id: req.agentId }, { resource: { type: "agent", name: req.agentId } });
      if (await agents.findOne(caller.organizationId, req.agentId)) throw duplicate();
      const at = now();
      const agent = em.create(AgentEntity, {
        id: newId("agt"),
        organizationId: caller.organizationId,
        agentId: req.agentId,
        agentType: req.agentType,
        name: req.name || req.agentId,
        description: req.description,
        status: "active",
        killReason: "",
        governance: {},
        metadata: req.metadata ?? {},
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      try {
        await agents.insert(agent);
      } catch (failure) {
        // Two registrations raced past the check above: the unique index decides.
        if (isUniqueConstraintViolation(failure)) throw duplicate();
        throw failure;
      }
      return { agent: toAgentMessage(agent) };
    },

    async getAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      const organization = await em.findOne(OrganizationKillSwitchEntity, { organizationId: caller.organizationId });
      return { agent: toAgentMessage(agent), organizationKillSwitch: toKillSwitchMessage(killSwitchState(organization, null)) };
    },

    async recordHeartbeat(req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      agent.lastHeartbeatAt = now();
      agent.healthStatus = req.status || "healthy";
      if (req.sdkVersion) agent.sdkVersion = req.sdkVersion;
      await em.flush();
      return { health: toHealthMessage(agent, now()) };
    },

    async getAgentHealth(req, ctx) {
      const caller = requirePrincipal(ctx);
      const agent = await new AgentRepository(orm.em.fork()).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      return { health: toHealthMessage(agent, now()) };
    },

    async setOrganizationKillSwitch(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = orm.em.fork();
      const row = (await em.findOne(OrganizationKillSwitchEntity, { organizationId: caller.organizationId }))
        ?? em.create(OrganizationKillSwitchEntity, { organizationId: caller.organizationId, active: false, reason: "", changedAt: now() });
      row.active = req.active;
      row.reason = req.active ? req.reason || "Organization kill switch activated" : "";
      row.changedAt = now();
      // On first (this commit), then pending approvals end: none can be approved in between.
      if (req.active) effects.denyPending(em, caller, { reason: `Organization kill switch: ${row.reason}` }, { eventType: "organization.killed", outcome: "killed", data: { reason: row.reason } });
      else effects.audit(em, caller, { eventType: "organization.reactivated", outcome: "active", data: { reason: row.reason, denied_pending: 0 } });
      // Two first-ever switches of one organization at once both create its row: the loser retries (409).
      await em.persist(row).flush().catch((failure: unknown) => {
        throw isUniqueConstraintViolation(failure) ? platformError("CONCURRENT_MODIFICATION", {}, { cause: failure }) : failure;
      });
      await effects.deliver();
      return { status: toKillSwitchMessage(killSwitchState(row, null)) };
    },

    async getKillSwitchStatus(req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = orm.em.fork();
      const organization = await em.findOne(OrganizationKillSwitchEntity, { organizationId: caller.organizationId });
      const agent = req.agentId ? await new AgentRepository(em).findOne(caller.organizationId, req.agentId) : null;
      if (req.agentId && !agent) throw agentNotFound(req.agentId);
      return { status: toKillSwitchMessage(killSwitchState(organization, agent)) };
    },

    async updateAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "manager");
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      if (req.agentType !== undefined) agent.agentType = req.agentType;
      if (req.name !== undefined) agent.name = req.name;
      if (req.description !== undefined) agent.description = req.description;
      agent.updatedAt = now();
      await em.flush();
      return { agent: toAgentMessage(agent) };
    },

    async deleteAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "manager");
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      // Its pending approvals cannot be decided any more: they end with the deletion.
      effects.denyPending(em, caller, { agentId: req.agentId, reason: "Agent deleted" }, { eventType: "agent.deleted", agentId: req.agentId, outcome: "deleted" });
      await em.remove(agent).flush();
      await effects.deliver();
      return {};
    },

    async killAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      agent.status = "killed";
      agent.killReason = req.reason || "Kill switch activated";
      agent.updatedAt = now();
      // The switch is on (this commit) before pending approvals end, so none can be approved in between.
      effects.denyPending(em, caller, { agentId: req.agentId, reason: `Kill switch: ${agent.killReason}` }, { eventType: "agent.killed", agentId: req.agentId, outcome: "killed", data: { reason: agent.killReason } });
      await em.flush();
      await effects.deliver();
      return { agent: toAgentMessage(agent) };
    },

    async reactivateAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      agent.status = "active";
      agent.killReason = "";
      agent.updatedAt = now();
      effects.audit(em, caller, { eventType: "agent.reactivated", agentId: req.agentId, outcome: "active", data: { reason: req.reason } });
      await em.flush();
      await effects.deliver();
      return { agent: toAgentMessage(agent) };
    },

    async setAgentGovernance(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const stored = toStoredGovernance(req.governance);
      const em = orm.em.fork();
      const agent = await new AgentRepository(em).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      agent.governance = stored;
      agent.updatedAt = now();
      effects.audit(em, caller, { eventType: "agent.governance_updated", agentId: req.agentId, outcome: "updated", data: { ...stored } });
      await em.flush();
      await effects.deliver();
      return { governance: toGovernanceMessage(stored) };
    },

    async registerMcpServer(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = orm.em.fork();
      const duplicate = () => platformError("MCP_SERVER_ALREADY_EXISTS", { name: req.name }, { resource: { type: "mcp_server", name: req.name } });
      if (await em.findOne(McpServerEntity, { organizationId: caller.organizationId, name: req.name })) throw duplicate();
      const server = em.create(McpServerEntity, { id: newId("mcp"), organizationId: caller.organizationId, name: req.name, url: req.url, transport: req.transport, tools: [...req.tools], createdAt: now() });
      try {
        await em.persist(server).flush();
      } catch (failure) {
        if (isUniqueConstraintViolation(failure)) throw duplicate();
        throw failure;
      }
      return { server: toMcpServerMessage(server) };
    },

    async listMcpServers(_req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin"); // their URLs can carry credentials
      const rows = await orm.em.fork().find(McpServerEntity, { organizationId: caller.organizationId }, { orderBy: { name: "asc" } });
      return { items: rows.map(toMcpServerMessage) };
    },

    async getMcpServer(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const server = await orm.em.fork().findOne(McpServerEntity, { organizationId: caller.organizationId, name: req.name });
      if (!server) throw mcpNotFound(req.name);
      return { server: toMcpServerMessage(server) };
    },

    async deleteMcpServer(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const deleted = await orm.em.fork().nativeDelete(McpServerEntity, { organizationId: caller.organizationId, name: req.name });
      if (deleted === 0) throw mcpNotFound(req.name);
      return {};
    },

    async listAgents(req, ctx) {
      const caller = requirePrincipal(ctx);
      const limit = pageSize(req.limit);
      const rows = await new AgentRepository(orm.em.fork()).page(caller.organizationId, limit + 1, decodeCursor(req.cursor));
      return toPage(rows, limit, toAgentMessage);
    },
  };
}
