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
  readonly riskLevel?: string;
  readonly since?: Date;
  readonly until?: Date;
}

/** Actions of one organization at a time: every query is scoped by organization id. */
export class ActionRepository {
  constructor(private readonly em: EntityManager) {}

  findOne(organizationId: string, id: number): Promise<Action | null> {
    return this.em.findOne(ActionEntity, { organizationId, id });
  }

  findByIdempotencyKey(organizationId: string, idempotencyKey: string): Promise<Action | null> {
    return this.em.findOne(ActionEntity, { organizationId, idempotencyKey });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  page(organizationId: string, filter: ActionFilter, limit: number, after?: PageCursor): Promise<Action[]> {
    const where = { ...matching(organizationId, filter), ...olderThan(after) } as FilterQuery<Action>;
    return this.em.find(ActionEntity, where, {
      orderBy: { createdAt: "desc", id: "desc" },
      limit,
      ...(filter.offset ? { offset: filter.offset } : {}),
    });
  }

  /** How many actions match the filter (offset and cursor aside). */
  count(organizationId: string, filter: ActionFilter): Promise<number> {
    return this.em.count(ActionEntity, matching(organizationId, filter));
  }

  /** Writes changes; a concurrent writer of the same version makes this fail (OptimisticLockError). */
  async save(): Promise<void> {
    await this.em.flush();
  }
}

/** The conditions of a filter, always inside one organization. */
function matching(organizationId: string, filter: ActionFilter): Record<string, unknown> {
  const where: Record<string, unknown> = { organizationId };
  if (filter.status) where["status"] = filter.status;
  if (filter.agentId) where["agentId"] = filter.agentId;
  if (filter.riskLevel) where["riskLevel"] = filter.riskLevel;
  if (filter.maxRequiredLevel !== undefined) where["requiredLevel"] = { $lte: filter.maxRequiredLevel };
  if (filter.notSubmittedBy) where["submittedByUserId"] = { $ne: filter.notSubmittedBy };
  if (filter.since || filter.until)
    where["createdAt"] = {
      ...(filter.since ? { $gte: filter.since } : {}),
      ...(filter.until ? { $lte: filter.until } : {}),
    };
  return where;
}
