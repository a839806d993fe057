import type { ServiceImpl } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { decodeCursor, isUniqueConstraintViolation, newId, pageSize, toPage } from "@platform/persistence";
import { RegistryService } from "@platform/proto";
import { requirePrincipal, requireRole } from "@platform/rpc";
import { AgentEntity } from "../persistence/agent-entity.js";
import { AgentRepository } from "../persistence/agent-repository.js";
import { toAgentMessage } from "./agent-mapper.js";

type Impl = Partial<ServiceImpl<typeof RegistryService>>;

/** Connect handlers of the registry: contract <-> domain only. */
export function registryService(orm: MikroORM, now: () => Date = () => new Date()): Impl {
  const agentNotFound = (agentId: string) =>
    platformError("AGENT_NOT_FOUND", { agent_id: agentId, suggestion: "Register agent before submitting actions" }, { resource: { type: "agent", name: agentId } });

  return {
    async registerAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "manager");
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
      const agent = await new AgentRepository(orm.em.fork()).findOne(caller.organizationId, req.agentId);
      if (!agent) throw agentNotFound(req.agentId);
      return { agent: toAgentMessage(agent) };
    },

    async listAgents(req, ctx) {
      const caller = requirePrincipal(ctx);
      const limit = pageSize(req.limit);
      const rows = await new AgentRepository(orm.em.fork()).page(caller.organizationId, limit + 1, decodeCursor(req.cursor));
      return toPage(rows, limit, toAgentMessage);
    },
  };
}
