import type { EntityManager, FilterQuery } from "@mikro-orm/core";
import { SqlitePlatform } from "@mikro-orm/sql";
import { insertRows, newId, runCached } from "@platform/persistence";
import { GENESIS_HASH, hashEntry, verifyChain, type AuditFacts, type ChainVerdict } from "../domain/audit-chain.js";
import { AuditEntryEntity, type AuditEntry } from "./audit-entry-entity.js";
import { AuditHeadEntity } from "./audit-head-entity.js";

export type NewAuditEvent = Omit<
  AuditFacts,
  "sequence" | "createdAt" | "actorApiKeyId" | "agentId" | "actionId" | "outcome" | "data" | "correlationId"
> &
  Partial<Pick<AuditFacts, "actorApiKeyId" | "agentId" | "actionId" | "outcome" | "data" | "correlationId">>;

/** Where an organization's chain ends; `stored` once it has a head row. */
interface Head {
  readonly sequence: number;
  readonly hash: string;
  readonly stored: boolean;
}

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
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date,
  ) {}

  /** Adds the next link of the event's organization (see appendMany). */
  async append(event: NewAuditEvent): Promise<AuditEntry> {
    const [entry] = await this.appendMany([event]);
    if (!entry) throw new Error("appendMany answered no entry");
    return entry;
  }

  /**
   * Adds the events, in order, to their organizations' chains: group commit. The heads
   * of the organizations involved are locked once (SELECT ... FOR UPDATE on PostgreSQL,
   * in a fixed order so two writers cannot deadlock), every link is hashed in memory,
   * and the entries go in with one multi-row insert. Many appends cost one lock and one
   * insert; the unique (organization, sequence) index is the last line of defence
   * (callers retry the transaction on it).
   */
  async appendMany(events: readonly NewAuditEvent[]): Promise<AuditEntry[]> {
    if (events.length === 0) return [];
    const organizations = [...new Set(events.map((e) => e.organizationId))].sort();
    const heads = await this.lockHeads(organizations);
    // Whole milliseconds: what every database keeps exactly, so the hash verifies after a round trip.
    const createdAt = new Date(Math.floor(this.now().getTime()));
    const entries: AuditEntry[] = events.map((event) => {
      const head = heads.get(event.organizationId) ?? { sequence: 0, hash: GENESIS_HASH, stored: false };
      const facts: AuditFacts = {
        organizationId: event.organizationId,
        sequence: head.sequence + 1,
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
      const hash = hashEntry(facts, head.hash);
      heads.set(event.organizationId, { sequence: facts.sequence, hash, stored: head.stored });
      return { ...facts, data: { ...facts.data }, id: newId("aud"), previousHash: head.hash, hash };
    });
    await insertRows(this.em, AuditEntryEntity, entries);
    const created = [...heads]
      .filter(([, h]) => !h.stored)
      .map(([organizationId, h]) => ({ organizationId, sequence: h.sequence, hash: h.hash }));
    if (created.length > 0) await insertRows(this.em, AuditHeadEntity, created);
    for (const [organizationId, head] of heads) {
      if (head.stored)
        await runCached(this.em, "advance audit head", [head.sequence, head.hash, organizationId], (db) =>
          db
            .updateTable("AuditHead")
            .set({ sequence: head.sequence, hash: head.hash })
            .where("organizationId", "=", organizationId),
        );
    }
    return entries;
  }

  /**
   * The organizations' heads, locked for this transaction (SELECT ... FOR UPDATE on
   * PostgreSQL, in the given sorted order so two writers cannot deadlock; SQLite has one
   * writer at a time). An organization without a head starts at the genesis link.
   */
  private async lockHeads(organizations: readonly string[]): Promise<Map<string, Head>> {
    const locks = !(this.em.getPlatform() instanceof SqlitePlatform);
    const rows = await runCached(this.em, `lock audit heads ${organizations.length}`, organizations, (db) => {
      const query = db
        .selectFrom("AuditHead")
        .select(["organizationId", "sequence", "hash"])
        .where("organizationId", "in", [...organizations])
        .orderBy("organizationId");
      return locks ? query.forUpdate() : query;
    });
    const fields = new Map(this.em.getMetadata(AuditHeadEntity).props.map((p) => [p.name as string, p.fieldNames[0]]));
    const column = (name: string) => fields.get(name) ?? name;
    const [organizationColumn, sequenceColumn, hashColumn] = [
      column("organizationId"),
      column("sequence"),
      column("hash"),
    ];
    return new Map(
      rows.map((row) => [
        String(row[organizationColumn]),
        { sequence: Number(row[sequenceColumn]), hash: String(row[hashColumn]), stored: true },
      ]),
    );
  }

  /** Newest first, keyset-paginated on sequence. */
  page(organizationId: string, filter: AuditFilter, limit: number, beforeSequence?: number): Promise<AuditEntry[]> {
    const where: FilterQuery<AuditEntry> = { organizationId };
    if (filter.agentId) where.agentId = filter.agentId;
    if (filter.actionId) where.actionId = filter.actionId;
    if (filter.actorUserId) where.actorUserId = filter.actorUserId;
    if (filter.outcome) where.outcome = filter.outcome;
    if (filter.since || filter.until)
      where.createdAt = {
        ...(filter.since ? { $gte: filter.since } : {}),
        ...(filter.until ? { $lte: filter.until } : {}),
      };
    if (beforeSequence !== undefined) where.sequence = { $lt: beforeSequence };
    return this.em.find(AuditEntryEntity, where, { orderBy: { sequence: "desc" }, limit });
  }

  /** Verifies the whole chain in batches, oldest first. */
  async verify(organizationId: string, batchSize = 1000): Promise<ChainVerdict> {
    let start = { sequence: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const batch = await this.em.find(
        AuditEntryEntity,
        { organizationId, sequence: { $gt: start.sequence } },
        { orderBy: { sequence: "asc" }, limit: batchSize },
      );
      const verdict = verifyChain(batch, start);
      checked += verdict.checked;
      if (!verdict.valid) return { ...verdict, checked };
      const last = batch[batch.length - 1];
      if (!last || batch.length < batchSize) return { valid: true, checked };
      start = { sequence: last.sequence, hash: last.hash };
    }
  }
}
