import type { EntityManager } from "@mikro-orm/core";
import { olderThan, type PageCursor } from "@platform/persistence";
import { AgentEntity, type Agent } from "./agent-entity.js";

/** Agents of one organization at a time: every query is scoped by organization id. */
export class AgentRepository {
  constructor(private readonly em: EntityManager) {}

  findOne(organizationId: string, agentId: string): Promise<Agent | null> {
    return this.em.findOne(AgentEntity, { organizationId, agentId });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async page(organizationId: string, limit: number, after?: PageCursor): Promise<Agent[]> {
    return this.em.find(AgentEntity, { organizationId, ...olderThan(after) }, { orderBy: { createdAt: "desc", id: "desc" }, limit });
  }

  /** Inserts and flushes; a duplicate agent id surfaces as the driver's unique violation. */
  async insert(agent: Agent): Promise<void> {
    this.em.persist(agent);
    await this.em.flush();
  }
}
