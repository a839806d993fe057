import { platformError } from "@platform/errors";

/** Every status an action can be in (api-contract sections 6 and 8). */
export const ACTION_STATUSES = [
  "auto_approved",
  "pending_approval",
  "approved",
  "denied",
  "completed",
  "failed",
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** What someone may do to an action. */
export type Transition = "approve" | "reject" | "execute" | "fail";

/**
 * The state machine of api-contract section 6:
 *   pending_approval -> approved (approve) | denied (reject)
 *   approved | auto_approved -> completed (execute) | failed (fail)
 * Every other move is refused with the first reference page's text.
 */
export function nextStatus(actionId: number, from: string, transition: Transition): ActionStatus {
  switch (transition) {
    case "approve":
    case "reject":
      if (from === "pending_approval") return transition === "approve" ? "approved" : "denied";
      if (from === "approved") throw platformError("ACTION_ALREADY_DECIDED", { action_id: actionId, status: from });
      throw platformError("ACTION_NOT_PENDING", { action_id: actionId, status: from });
    case "execute":
    case "fail":
      if (from === "approved" || from === "auto_approved") return transition === "execute" ? "completed" : "failed";
      if (from === "pending_approval") {
        throw platformError("ACTION_NOT_APPROVED", {
          action_id: actionId,
          status: from,
          status_upper: from.toUpperCase(),
        });
      }
      throw platformError("INVALID_STATUS_TRANSITION", {
        action_id: actionId,
        from_status: from,
        to_status: transition === "execute" ? "completed" : "failed",
      });
  }
}
