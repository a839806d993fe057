import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * One link of an organization's audit chain. Append-only: rows are inserted, never
 * updated; (organizationId, sequence) is unique, so two concurrent appends cannot
 * claim the same place in the chain.
 */
export const AuditEntryEntity = defineEntity({
  name: "AuditEntry",
  tableName: "audit_entries",
  properties: {
    id: p.string().primary(),
    organizationId: p.string(),
    sequence: p.integer(),
    eventType: p.string(),
    actorUserId: p.string(),
    actorApiKeyId: p.string(),
    agentId: p.string(),
    actionId: p.string(),
    outcome: p.string(),
    data: p.json<Record<string, unknown>>(),
    correlationId: p.string(),
    createdAt: p.datetime(),
    previousHash: p.string(),
    hash: p.string(),
  },
  uniques: [{ properties: ["organizationId", "sequence"] }],
  indexes: [{ properties: ["organizationId", "agentId"] }, { properties: ["organizationId", "actionId"] }],
});

export type AuditEntry = InferEntity<typeof AuditEntryEntity>;
