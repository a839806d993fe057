import type { EntityManager } from "@mikro-orm/core";
import { DecisionEntity, type Decision } from "./decision-entity.js";

export class DecisionRepository {
  constructor(private readonly em: EntityManager) {}

  async record(decision: Decision): Promise<void> {
    this.em.persist(decision);
    await this.em.flush();
  }

  /** Denials of one agent since a moment (risk history). */
  countDenialsSince(organizationId: string, agentId: string, since: Date): Promise<number> {
    return this.em.count(DecisionEntity, { organizationId, agentId, outcome: "denied", createdAt: { $gte: since } });
  }
}
