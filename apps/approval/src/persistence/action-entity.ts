import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** An action with its decision and lifecycle; `version` guards concurrent approvers (optimistic locking). */
export const ActionEntity = defineEntity({
  name: "Action",
  tableName: "actions",
  properties: {
    id: p.string().primary(),
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
    correlationId: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
  indexes: [{ properties: ["organizationId", "createdAt"] }, { properties: ["organizationId", "status", "createdAt"] }],
});

export type Action = InferEntity<typeof ActionEntity>;
