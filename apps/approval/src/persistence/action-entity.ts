import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * An action with its decision and lifecycle; `version` guards concurrent approvers
 * (optimistic locking). Refusals are actions too (status denied, `refusalCode`), so
 * every decision costs one row. Ids are positive integers (api-contract section 8),
 * handed out in blocks (IdBlockEntity) so that replicas never share one.
 */
export const ActionEntity = defineEntity({
  name: "Action",
  tableName: "actions",
  properties: {
    id: p.bigint("number").primary(),
    organizationId: p.string(),
    agentId: p.string(),
    actionType: p.string(),
    resource: p.text(),
    status: p.string(),
    riskScore: p.integer(),
    riskLevel: p.string(),
    riskFactors: p.json<{ name: string; points: number; explanation: string }[]>(),
    requiredLevel: p.integer(),
    reason: p.text(),
    decidedBy: p.string(),
    /** The catalogue code that refused it at submission (empty unless denied there). */
    refusalCode: p.string().default(""),
    estimatedCostUsd: p.double(),
    parameters: p.json<Record<string, unknown>>(),
    submittedByUserId: p.string(),
    submittedByApiKeyId: p.string(),
    approverUserId: p.string(),
    approverLevel: p.integer(),
    approvalComment: p.text(),
    decidedAt: p.datetime().nullable(),
    /** When a pending approval is escalated; in the database so any replica can act on it. */
    approvalDeadline: p.datetime().nullable().index(),
    escalations: p.integer().default(0),
    /** The daily-budget counter and amount a pending action holds; claimed (zeroed) once when given back. */
    budgetKey: p.string().default(""),
    budgetMicros: p.bigint("number").default(0),
    /** The client's Idempotency-Key: one action per key and organization. */
    idempotencyKey: p.string().nullable(),
    correlationId: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
  uniques: [{ properties: ["organizationId", "idempotencyKey"] }],
  indexes: [
    { properties: ["organizationId", "createdAt"] },
    { properties: ["organizationId", "status", "createdAt"] },
    { properties: ["organizationId", "agentId", "createdAt"] },
  ],
});

export type Action = InferEntity<typeof ActionEntity>;
