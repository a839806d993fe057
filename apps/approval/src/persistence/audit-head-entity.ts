import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * The end of one organization's audit chain. Appends lock this row (SELECT ... FOR
 * UPDATE on PostgreSQL), so concurrent appends queue instead of colliding.
 */
export const AuditHeadEntity = defineEntity({
  name: "AuditHead",
  tableName: "audit_heads",
  properties: {
    organizationId: p.string().primary(),
    sequence: p.integer(),
    hash: p.string(),
  },
});

export type AuditHead = InferEntity<typeof AuditHeadEntity>;
