import { platformError } from "@platform/errors";
import type { Action } from "@platform/proto/action";
import { ApproveActionRequestSchema, ListActionsRequestSchema, ListPendingApprovalsRequestSchema } from "@platform/proto/approval";
import { SubmitActionRequestSchema } from "@platform/proto/governance";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { actionView } from "../views/action-view.js";
import { ok, type Route, type RouteInput, type RouteResult } from "./route.js";

/**
 * A pending action is answered 202 APPROVAL_REQUIRED: the catalogue's error envelope,
 * with the action itself at the top level (api-contract section 1, last point).
 * The gateway's responder fills `detail`, `error` and `meta` from the thrown error.
 */
export class ApprovalRequired extends Error {
  constructor(readonly action: Action) {
    super("approval required");
  }

  toPlatformError() {
    const a = this.action;
    return platformError("APPROVAL_REQUIRED", {
      action_id: a.id, status: a.status, required_level: a.requiredLevel, risk_score: a.riskScore, risk_level: a.riskLevel,
    });
  }
}

const decide = (move: "approve" | "reject" | "execute") =>
  async ({ params, body, services }: RouteInput): Promise<RouteResult> => {
    // All three take `{comment?}`; the id comes from the path.
    const { id, comment } = messageFromJson(ApproveActionRequestSchema, { ...(body as object), id: params["id"] });
    const res =
      move === "approve" ? await services.approval.approveAction({ id, comment })
      : move === "reject" ? await services.approval.rejectAction({ id, comment })
      : await services.approval.executeAction({ id, comment });
    return ok(actionView(res.action!));
  };

/** Submits an action: 200 with the action, or the 202 APPROVAL_REQUIRED answer, or a refusal. */
export async function submitAction({ body, services }: RouteInput): Promise<RouteResult> {
  const res = await services.governance.submitAction(messageFromJson(SubmitActionRequestSchema, body));
  if (res.action!.status === "pending_approval") throw new ApprovalRequired(res.action!);
  return ok(actionView(res.action!));
}

/** The organization's actions, newest first; `status_filter` and `offset` are how the vendor SDKs ask (section 8). */
export async function listActions({ query, services }: RouteInput): Promise<RouteResult> {
  const req = messageFromJson(ListActionsRequestSchema, queryToJson(ListActionsRequestSchema, query, { status_filter: "status" }), "query");
  const res = await services.approval.listActions(req);
  return ok({ items: res.items.map(actionView), next_cursor: res.nextCursor || null });
}

/** Actions: submission, reading, and the approval workflow (api-contract section 7). */
export const actionRoutes: Route[] = [
  { method: "POST", path: "/actions", access: "authenticated", handle: submitAction },
  { method: "GET", path: "/actions", access: "authenticated", handle: listActions },
  {
    method: "GET", path: "/actions/:id", access: "authenticated",
    async handle({ params, services }) {
      const res = await services.approval.getAction({ id: params["id"] });
      return ok(actionView(res.action!));
    },
  },
  { method: "POST", path: "/actions/:id/approve", access: "authenticated", handle: decide("approve") },
  { method: "POST", path: "/actions/:id/reject", access: "authenticated", handle: decide("reject") },
  { method: "POST", path: "/actions/:id/execute", access: "authenticated", handle: decide("execute") },
  {
    method: "GET", path: "/approvals/pending", access: "authenticated",
    async handle({ query, services }) {
      const req = messageFromJson(ListPendingApprovalsRequestSchema, queryToJson(ListPendingApprovalsRequestSchema, query), "query");
      const res = await services.approval.listPendingApprovals(req);
      return ok({ items: res.items.map(actionView), next_cursor: res.nextCursor || null });
    },
  },
];
