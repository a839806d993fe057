import {
  AuditEntrySchema,
  ListAuditEntriesRequestSchema,
  UpdateApprovalSettingsRequestSchema,
  type AuditEntry,
} from "@platform/proto/approval";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** An audit entry as public JSON; the sequence is a plain number. */
const auditView = (entry: AuditEntry) => ({ ...jsonView(AuditEntrySchema, entry), sequence: Number(entry.sequence) });

/** The organization's audit trail, its integrity check, and the workflow settings (api-contract section 7). */
export const auditRoutes: Route[] = [
  {
    method: "GET",
    path: "/audit",
    access: "authenticated",
    async handle({ query, services }) {
      const json = queryToJson(ListAuditEntriesRequestSchema, query, {
        actor: "actor_user_id",
        action: "action_id",
        agent: "agent_id",
      });
      const res = await services.approval.listAuditEntries(
        messageFromJson(ListAuditEntriesRequestSchema, json, "query"),
      );
      return ok({ items: res.items.map(auditView), next_cursor: res.nextCursor || null });
    },
  },
  {
    method: "GET",
    path: "/audit/verify",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.approval.verifyAuditTrail({});
      return ok({
        valid: res.valid,
        entries_checked: Number(res.entriesChecked),
        first_broken_entry_id: res.firstBrokenEntryId || null,
        first_broken_sequence: res.firstBrokenEntryId ? Number(res.firstBrokenSequence) : null,
        problem: res.problem || null,
      });
    },
  },
  {
    method: "GET",
    path: "/approvals/settings",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.approval.getApprovalSettings({});
      return ok({ approval_deadline_seconds: res.settings?.approvalDeadlineSeconds });
    },
  },
  {
    method: "PUT",
    path: "/approvals/settings",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.approval.updateApprovalSettings(
        messageFromJson(UpdateApprovalSettingsRequestSchema, body),
      );
      return ok({ approval_deadline_seconds: res.settings?.approvalDeadlineSeconds });
    },
  },
];
