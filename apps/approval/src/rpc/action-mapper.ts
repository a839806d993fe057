import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ActionSchema, type Action as ActionMessage } from "@platform/proto/action";
import type { Action } from "../persistence/action-entity.js";

export function toActionMessage(action: Action): ActionMessage {
  return create(ActionSchema, {
    id: String(action.id),
    organizationId: action.organizationId,
    agentId: action.agentId,
    actionType: action.actionType,
    resource: action.resource,
    status: action.status,
    riskScore: action.riskScore,
    riskLevel: action.riskLevel,
    riskFactors: action.riskFactors,
    requiredLevel: action.requiredLevel,
    reason: action.reason,
    decidedBy: action.decidedBy,
    refusalCode: action.refusalCode,
    estimatedCostUsd: Number(action.estimatedCostUsd),
    parameters: action.parameters as JsonObject,
    submittedByUserId: action.submittedByUserId,
    submittedByApiKeyId: action.submittedByApiKeyId,
    approverUserId: action.approverUserId,
    approverLevel: action.approverLevel,
    approvalComment: action.approvalComment,
    decidedAt: action.decidedAt ? timestampFromDate(action.decidedAt) : undefined,
    approvalDeadline: action.approvalDeadline ? timestampFromDate(action.approvalDeadline) : undefined,
    escalations: action.escalations,
    correlationId: action.correlationId,
    createdAt: timestampFromDate(action.createdAt),
    updatedAt: timestampFromDate(action.updatedAt),
  });
}
