import type { EntityManager } from "@mikro-orm/core";
import { AgentEntity, type Agent } from "./agent-entity.js";

/** Agents of one organization at a time: every query is scoped by organization id. */
export class AgentRepository {
  constructor(private readonly em: EntityManager) {}

  findOne(organizationId: string, agentId: string): Promise<Agent | null> {
    return this.em.findOne(AgentEntity, { organizationId, agentId });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async page(organizationId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<Agent[]> {
    const where = after
      ? { organizationId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] }
      : { organizationId };
    return this.em.find(AgentEntity, where, { orderBy: { createdAt: "desc", id: "desc" }, limit });
  }

  /** Inserts and flushes; a duplicate agent id surfaces as the driver's unique violation. */
  async insert(agent: Agent): Promise<void> {
    this.em.persist(agent);
    await this.em.flush();
  }
}
