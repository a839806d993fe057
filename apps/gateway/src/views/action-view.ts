import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Action } from "@platform/proto/action";

/** `decision` of section 8: may it run (approved), is it waiting (pending), or not (denied). */
export function decisionOf(status: string): "approved" | "pending" | "denied" {
  if (status === "pending_approval") return "pending";
  if (status === "denied") return "denied";
  return "approved";
}

const iso = (t: Action["createdAt"]) => (t ? timestampDate(t).toISOString() : null);

/** Action ids travel as JSON numbers (api-contract section 8); the services carry their decimal form. */
const numericId = (id: string): number | string =>
  /^[1-9][0-9]{0,15}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;

/** Every answer that describes an action has these fields (api-contract section 8). */
export function actionView(action: Action | undefined): Record<string, unknown> {
  // A missing action is a service bug (see jsonView): fail the request, never answer a hollow body.
  if (action === undefined) throw new Error("A service answered without its action");
  const id = numericId(action.id);
  return {
    id,
    action_id: id,
    status: action.status,
    decision: decisionOf(action.status),
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    risk_factors: action.riskFactors.map((f) => ({ name: f.name, points: f.points, explanation: f.explanation })),
    reason: action.reason,
    requires_approval: action.requiredLevel > 0,
    required_level: action.requiredLevel,
    agent_id: action.agentId,
    action_type: action.actionType,
    resource: action.resource,
    estimated_cost_usd: action.estimatedCostUsd,
    parameters: action.parameters ?? {},
    submitted_by: action.submittedByUserId,
    approved_by: action.approverUserId || null,
    approver_level: action.approverLevel || null,
    approval_comment: action.approvalComment || null,
    decided_at: iso(action.decidedAt),
    approval_deadline: iso(action.approvalDeadline),
    escalations: action.escalations,
    created_at: iso(action.createdAt),
    updated_at: iso(action.updatedAt),
    correlation_id: action.correlationId,
  };
}
