import { LockMode, type EntityManager, type FilterQuery } from "@mikro-orm/core";
import { newId } from "@platform/persistence";
import { GENESIS_HASH, hashEntry, verifyChain, type AuditFacts, type ChainVerdict } from "../domain/audit-chain.js";
import { AuditEntryEntity, type AuditEntry } from "./audit-entry-entity.js";
import { AuditHeadEntity } from "./audit-head-entity.js";

export type NewAuditEvent = Omit<AuditFacts, "sequence" | "createdAt" | "actorApiKeyId" | "agentId" | "actionId" | "outcome" | "data" | "correlationId"> &
  Partial<Pick<AuditFacts, "actorApiKeyId" | "agentId" | "actionId" | "outcome" | "data" | "correlationId">>;

export interface AuditFilter {
  readonly agentId?: string;
  readonly actionId?: string;
  readonly actorUserId?: string;
  readonly outcome?: string;
  readonly since?: Date;
  readonly until?: Date;
}

/**
 * The organization's audit chain. Appends happen inside the caller's transaction,
 * next to the change they record, so an event and its entry land together or not at all.
 */
export class AuditLog {
  constructor(private readonly em: EntityManager, private readonly now: () => Date) {}

  /**
   * Adds the next link. The chain's head row is locked for the rest of the transaction,
   * so appends of one organization queue; the unique (organization, sequence) index
   * is the last line of defence (the caller retries on it).
   */
  async append(event: NewAuditEvent): Promise<AuditEntry> {
    const last = await this.em.findOne(AuditHeadEntity, { organizationId: event.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Whole milliseconds: what every database keeps exactly, so the hash verifies after a round trip.
    const createdAt = new Date(Math.floor(this.now().getTime()));
    const facts: AuditFacts = {
      organizationId: event.organizationId,
      sequence: (last?.sequence ?? 0) + 1,
      eventType: event.eventType,
      actorUserId: event.actorUserId,
      actorApiKeyId: event.actorApiKeyId ?? "",
      agentId: event.agentId ?? "",
      actionId: event.actionId ?? "",
      outcome: event.outcome ?? "",
      data: event.data ?? {},
      correlationId: event.correlationId ?? "",
      createdAt,
    };
    const previousHash = last?.hash ?? GENESIS_HASH;
    const entry = this.em.create(AuditEntryEntity, { ...facts, data: { ...facts.data }, id: newId("aud"), previousHash, hash: hashEntry(facts, previousHash) });
    this.em.persist(entry);
    const head = last ?? this.em.create(AuditHeadEntity, { organizationId: event.organizationId, sequence: 0, hash: GENESIS_HASH });
    head.sequence = facts.sequence;
    head.hash = entry.hash;
    this.em.persist(head);
    return entry;
  }

  /** Newest first, keyset-paginated on sequence. */
  page(organizationId: string, filter: AuditFilter, limit: number, beforeSequence?: number): Promise<AuditEntry[]> {
    const where: FilterQuery<AuditEntry> = { organizationId };
    if (filter.agentId) where.agentId = filter.agentId;
    if (filter.actionId) where.actionId = filter.actionId;
    if (filter.actorUserId) where.actorUserId = filter.actorUserId;
    if (filter.outcome) where.outcome = filter.outcome;
    if (filter.since || filter.until) where.createdAt = { ...(filter.since ? { $gte: filter.since } : {}), ...(filter.until ? { $lte: filter.until } : {}) };
    if (beforeSequence !== undefined) where.sequence = { $lt: beforeSequence };
    return this.em.find(AuditEntryEntity, where, { orderBy: { sequence: "desc" }, limit });
  }

  /** Verifies the whole chain in batches, oldest first. */
  async verify(organizationId: string, batchSize = 1000): Promise<ChainVerdict> {
    let start = { sequence: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const batch = await this.em.find(AuditEntryEntity, { organizationId, sequence: { $gt: start.sequence } }, { orderBy: { sequence: "asc" }, limit: batchSize });
      const verdict = verifyChain(batch, start);
      checked += verdict.checked;
      if (!verdict.valid) return { ...verdict, checked };
      const last = batch[batch.length - 1];
      if (!last || batch.length < batchSize) return { valid: true, checked };
      start = { sequence: last.sequence, hash: last.hash };
    }
  }
}
