import { randomUUID } from "node:crypto";
import { invalidRequest, platformError } from "@platform/errors";
import { normalizeFailure } from "@platform/errors-http";
import { GATEWAY_KEY_PREFIX } from "@platform/rpc";
import type { Action } from "@platform/proto/action";
import {
  ApproveActionRequestSchema,
  ListActionsRequestSchema,
  ListPendingApprovalsRequestSchema,
} from "@platform/proto/approval";
import { SubmitActionRequestSchema } from "@platform/proto/governance";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { actionView } from "../views/action-view.js";
import type { ServiceClients } from "../service-clients.js";
import { ok, type Route, type RouteInput, type RouteResult } from "./route.js";

/**
 * A pending action is answered 202 APPROVAL_REQUIRED: the catalogue's envelope (which
 * the gateway fills from `envelope`), with the action itself at the top level
 * (api-contract section 1, last point). It is a normal answer, not a failure.
 */
function approvalRequired(action: Action): RouteResult {
  const envelope = platformError("APPROVAL_REQUIRED", {
    action_id: actionView(action)["id"],
    status: action.status,
    required_level: action.requiredLevel,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
  });
  return { status: 202, body: actionView(action), envelope };
}

/**
 * The key an action is stored under: the client's Idempotency-Key (api-contract section 9),
 * so that a retry finds the stored action; else one of the gateway's own, so that the
 * gateway itself can learn whether a submission whose answer was lost was stored.
 */
const idempotencyKeyPattern = /^[\x20-\x7e]{1,255}$/;
function idempotencyKeyOf(headers: RouteInput["headers"]): string {
  const value = headers["idempotency-key"];
  const key = Array.isArray(value) ? value[0] : value;
  return key !== undefined && idempotencyKeyPattern.test(key) ? key : `${GATEWAY_KEY_PREFIX}${randomUUID()}`;
}

/** Failures after which the submission may have been stored although its answer never came back. */
const answerLost = new Set(["SERVICE_UNAVAILABLE", "UPSTREAM_ERROR", "GATEWAY_TIMEOUT", "INTERNAL_ERROR"]);
/** How long, in steps, the gateway asks approval (which may be restarting) whether it was stored. */
const lookupWaitsMs = [200, 300, 500, 500, 1000, 1000];

/**
 * A submission failed while a service was down or restarting: the action may have been
 * stored just before (governance died after approval committed). The client must never be
 * told it failed when it exists (the SDKs would retry and duplicate it), so the gateway asks
 * approval for the action stored under the submission's key, for up to a few seconds while
 * approval restarts. Stored: the action is the answer. Not stored: the original failure.
 */
async function storedDespite(failure: unknown, services: ServiceClients, idempotencyKey: string): Promise<Action> {
  if (!answerLost.has(normalizeFailure(failure).entry.key)) throw failure;
  for (const waitMs of lookupWaitsMs) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      const { action } = await services.approval.findActionByIdempotencyKey({ idempotencyKey });
      if (action) return action;
      break;
    } catch (lookup) {
      if (!answerLost.has(normalizeFailure(lookup).entry.key)) break;
    }
  }
  throw failure;
}

const decide =
  (move: "approve" | "reject" | "execute") =>
  async ({ params, body, services }: RouteInput): Promise<RouteResult> => {
    // All three take `{comment?}`; the id comes from the path.
    const { id, comment } = messageFromJson(ApproveActionRequestSchema, { ...(body as object), id: params["id"] });
    const res =
      move === "approve"
        ? await services.approval.approveAction({ id, comment })
        : move === "reject"
          ? await services.approval.rejectAction({ id, comment })
          : await services.approval.executeAction({ id, comment });
    return ok(actionView(res.action));
  };

/** Submits an action: 200 with the action, or the 202 APPROVAL_REQUIRED answer, or a refusal. */
export async function submitAction({ body, services, headers }: RouteInput): Promise<RouteResult> {
  const req = { ...messageFromJson(SubmitActionRequestSchema, body), idempotencyKey: idempotencyKeyOf(headers) };
  const action = await services.governance.submitAction(req).then(
    (res) => res.action,
    (failure: unknown) => storedDespite(failure, services, req.idempotencyKey),
  );
  if (!action) throw new Error("governance answered without the action");
  return action.status === "pending_approval" ? approvalRequired(action) : ok(actionView(action));
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** A `start_date` / `end_date` of the Node SDK: an ISO date-time, or a date (its whole day). */
function dateParameter(query: URLSearchParams, name: string, endOfDay: boolean): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at))
    throw invalidRequest([
      { field: name, rule: "timestamp.format", text: "must be an ISO 8601 date or date-time", location: "query" },
    ]);
  return new Date(at + (endOfDay && dateOnly.test(raw) ? 86_399_999 : 0)).toISOString();
}

/** The Node SDK's 1-based `page`, or undefined when it pages by cursor or offset. */
function pageParameter(query: URLSearchParams): number | undefined {
  const raw = query.get("page");
  if (raw === null) return undefined;
  const page = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || page < 1)
    throw invalidRequest([{ field: "page", rule: "int32.gte", limit: 1, location: "query" }]);
  return page;
}

/**
 * The organization's actions, newest first. `status_filter` and `offset` are how the
 * Python SDKs ask; `page`, `start_date` and `end_date` the Node SDK's, whose answer also
 * carries `actions`, `total`, `page`, `limit` and `total_pages` (section 8).
 */
export async function listActions({ query, services }: RouteInput): Promise<RouteResult> {
  const json = queryToJson(ListActionsRequestSchema, query, { status_filter: "status" });
  delete json["with_total"];
  const page = pageParameter(query);
  const limit = typeof json["limit"] === "number" && json["limit"] > 0 ? Math.min(json["limit"], 500) : 50;
  if (page !== undefined) Object.assign(json, { offset: (page - 1) * limit, with_total: true });
  const since = dateParameter(query, "start_date", false) ?? (json["since"] as string | undefined);
  const until = dateParameter(query, "end_date", true) ?? (json["until"] as string | undefined);
  const res = await services.approval.listActions(
    messageFromJson(ListActionsRequestSchema, { ...json, since, until }, "query"),
  );
  const items = res.items.map(actionView);
  const body: Record<string, unknown> = { items, next_cursor: res.nextCursor || null };
  if (page !== undefined) {
    const total = Number(res.total);
    Object.assign(body, { actions: items, total, page, limit, total_pages: Math.ceil(total / limit) });
  }
  return ok(body);
}

/** Actions: submission, reading, and the approval workflow (api-contract section 7). */
export const actionRoutes: Route[] = [
  { method: "POST", path: "/actions", access: "authenticated", handle: submitAction },
  { method: "GET", path: "/actions", access: "authenticated", handle: listActions },
  {
    method: "GET",
    path: "/actions/:id",
    access: "authenticated",
    async handle({ params, services }) {
      const res = await services.approval.getAction({ id: params["id"] });
      return ok(actionView(res.action));
    },
  },
  { method: "POST", path: "/actions/:id/approve", access: "authenticated", handle: decide("approve") },
  { method: "POST", path: "/actions/:id/reject", access: "authenticated", handle: decide("reject") },
  { method: "POST", path: "/actions/:id/execute", access: "authenticated", handle: decide("execute") },
  {
    method: "GET",
    path: "/approvals/pending",
    access: "authenticated",
    async handle({ query, services }) {
      const req = messageFromJson(
        ListPendingApprovalsRequestSchema,
        queryToJson(ListPendingApprovalsRequestSchema, query),
        "query",
      );
      const res = await services.approval.listPendingApprovals(req);
      return ok({ items: res.items.map(actionView), next_cursor: res.nextCursor || null });
    },
  },
];
