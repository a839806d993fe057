import { platformError } from "@platform/errors";

export interface Approver {
  readonly userId: string;
  readonly approvalLevel: number;
}

export interface AwaitingAction {
  readonly id: number;
  readonly submittedByUserId: string;
  readonly requiredLevel: number;
}

/**
 * Four eyes: the submitter never decides their own action, whatever key or session
 * they use (a key acts as its creator), and the approver's level must reach the
 * action's required level.
 */
export function assertMayDecide(action: AwaitingAction, approver: Approver): void {
  if (action.submittedByUserId !== "" && action.submittedByUserId === approver.userId) {
    throw platformError("SELF_APPROVAL_NOT_PERMITTED", { action_id: action.id });
  }
  if (approver.approvalLevel < action.requiredLevel) {
    throw platformError("INSUFFICIENT_APPROVAL_LEVEL", {
      action_id: action.id,
      required_level: action.requiredLevel,
      approver_level: approver.approvalLevel,
    });
  }
}
