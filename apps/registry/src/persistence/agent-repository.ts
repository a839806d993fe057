import type { EntityManager } from "@mikro-orm/core";
import { newId, olderThan, type PageCursor } from "@platform/persistence";
import { AgentEntity, type Agent, type StoredGovernance } from "./agent-entity.js";

/** What registering an agent stores besides what the registry fills in. */
export interface NewAgent {
  readonly organizationId: string;
  readonly agentId: string;
  readonly agentType: string;
  readonly name: string;
  readonly description: string;
  readonly metadata: Record<string, unknown>;
  readonly governance: StoredGovernance;
}

/** Agents of one organization at a time: every query is scoped by organization id. */
export class AgentRepository {
  constructor(private readonly em: EntityManager) {}

  findOne(organizationId: string, agentId: string): Promise<Agent | null> {
    return this.em.findOne(AgentEntity, { organizationId, agentId });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async page(organizationId: string, limit: number, after?: PageCursor): Promise<Agent[]> {
    return this.em.find(
      AgentEntity,
      { organizationId, ...olderThan(after) },
      { orderBy: { createdAt: "desc", id: "desc" }, limit },
    );
  }

  /** A new active agent, stored with the unit of work's next commit. */
  add(fields: NewAgent, at: Date): Agent {
    return this.em.create(AgentEntity, {
      ...fields,
      id: newId("agt"),
      status: "active",
      killReason: "",
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
  }

  /** Removed with the unit of work's next commit. */
  remove(agent: Agent): void {
    this.em.remove(agent);
  }
}
