import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * Every decision the pipeline took, refusals included, with what decided it: the
 * agent's recent history for risk, and the raw material of the audit trail.
 */
export const DecisionEntity = defineEntity({
  name: "Decision",
  tableName: "decisions",
  properties: {
    id: p.string().primary(),
    organizationId: p.string(),
    agentId: p.string(),
    actionType: p.string(),
    /** auto_approved, pending_approval or denied */
    outcome: p.string(),
    /** The catalogue key of a refusal (KILL_SWITCH_ACTIVE, ...), empty otherwise. */
    refusal: p.string(),
    decidedBy: p.string(),
    reason: p.text(),
    riskScore: p.integer(),
    riskLevel: p.string(),
    estimatedCostUsd: p.double(),
    submittedByUserId: p.string(),
    correlationId: p.string(),
    /** The budget counter and amount (micro-dollars) a pending action holds; released if it is refused later. */
    budgetKey: p.string().default(""),
    budgetMicros: p.double().default(0),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ["organizationId", "agentId", "createdAt"] }],
});

export type Decision = InferEntity<typeof DecisionEntity>;
