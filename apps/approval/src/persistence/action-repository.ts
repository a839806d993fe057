import type { EntityManager, FilterQuery } from "@mikro-orm/core";
import { olderThan, type PageCursor } from "@platform/persistence";
import { ActionEntity, type Action } from "./action-entity.js";

export interface ActionFilter {
  readonly status?: string;
  readonly agentId?: string;
  /** Only actions a caller of this level may approve. */
  readonly maxRequiredLevel?: number;
  /** Leaves out what this user submitted (nobody approves their own actions). */
  readonly notSubmittedBy?: string;
  /** Rows to skip (offset paging of the vendor SDKs; a cursor is cheaper). */
  readonly offset?: number;
}

/** Actions of one organization at a time: every query is scoped by organization id. */
export class ActionRepository {
  constructor(private readonly em: EntityManager) {}

  findOne(organizationId: string, id: string): Promise<Action | null> {
    return this.em.findOne(ActionEntity, { organizationId, id });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  page(organizationId: string, filter: ActionFilter, limit: number, after?: PageCursor): Promise<Action[]> {
    const where: FilterQuery<Action> = { organizationId, ...olderThan(after) };
    if (filter.status) where.status = filter.status;
    if (filter.agentId) where.agentId = filter.agentId;
    if (filter.maxRequiredLevel !== undefined) where.requiredLevel = { $lte: filter.maxRequiredLevel };
    if (filter.notSubmittedBy) where.submittedByUserId = { $ne: filter.notSubmittedBy };
    return this.em.find(ActionEntity, where, { orderBy: { createdAt: "desc", id: "desc" }, limit, ...(filter.offset ? { offset: filter.offset } : {}) });
  }

  async insert(action: Action): Promise<void> {
    this.em.persist(action);
    await this.em.flush();
  }

  /** Writes changes; a concurrent writer of the same version makes this fail (OptimisticLockError). */
  async save(): Promise<void> {
    await this.em.flush();
  }
}
