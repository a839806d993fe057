import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { applyOnce } from "@platform/outbox";
import { invalidRequest, platformError } from "@platform/errors";
import { decodeCursor, pageSize, toPage } from "@platform/persistence";
import { ApprovalService } from "@platform/proto";
import { ApprovalSettingsSchema, type RecordActionRequest } from "@platform/proto/approval";
import { requirePrincipal, requireRole, requireServiceSender } from "@platform/rpc";
import { ActionSchema } from "@platform/proto/action";
import type { Principal } from "@platform/proto/principal";
import { currentCorrelationId } from "@platform/telemetry";
import { ActionRecorder, type RecordRequest } from "../application/action-recorder.js";
import { ApprovalWorkflow, notFound } from "../application/approval-workflow.js";
import { parseActionId } from "../domain/action-id.js";
import { IdAllocator } from "../persistence/id-allocator.js";
import { ActionRepository, type ActionFilter } from "../persistence/action-repository.js";
import { AuditLog } from "../persistence/audit-log.js";
import { toActionMessage } from "./action-mapper.js";
import { toAuditEntryMessage } from "./audit-mapper.js";

type Impl = ServiceImpl<typeof ApprovalService>;

/** Audit cursors are the sequence to continue below, opaque to clients. */
const encodeSequence = (sequence: number) => Buffer.from(`seq:${sequence}`).toString("base64url");
function decodeSequence(cursor: string): number | undefined {
  if (!cursor) return undefined;
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match)
    throw invalidRequest([
      { field: "cursor", rule: "cursor.opaque", text: "cursor is not one this API issued", location: "query" },
    ]);
  return Number(match[1]);
}

/** A RecordAction(s) request as the recorder takes it. */
function toRecordRequest(caller: Principal & { organizationId: string }, req: RecordActionRequest): RecordRequest {
  return {
    caller,
    action: req.action ?? create(ActionSchema),
    idempotencyKey: req.idempotencyKey,
    correlationId: currentCorrelationId() ?? "",
    budgetHold: req.budgetHold ? { key: req.budgetHold.key, micros: Number(req.budgetHold.micros) } : undefined,
    alerts: req.alerts.map((a) => ({ ruleId: a.ruleId, ruleName: a.ruleName })),
  };
}

/** Connect handlers of the approval service: contract <-> workflow only. */
export function approvalService(
  orm: MikroORM,
  now: () => Date = () => new Date(),
  workflow = new ApprovalWorkflow(orm, now),
  recorder = new ActionRecorder(orm, new IdAllocator(orm), now),
): Impl {
  async function listPage(ctx: HandlerContext, filter: ActionFilter, limitIn: number, cursor: string) {
    const caller = requirePrincipal(ctx);
    const limit = pageSize(limitIn);
    const rows = await new ActionRepository(orm.em.fork()).page(
      caller.organizationId,
      filter,
      limit + 1,
      decodeCursor(cursor),
    );
    return toPage(rows, limit, toActionMessage);
  }

  return {
    async recordAction(req, ctx) {
      const { action, replayed } = await recorder.record(toRecordRequest(requirePrincipal(ctx), req));
      return { action: toActionMessage(action), replayed };
    },

    async recordActions(req, ctx) {
      // Each record names its own caller, so only a service (governance) may send them.
      requireServiceSender(ctx);
      const outcomes = await Promise.allSettled(
        req.records.map((record) => {
          const caller = record.caller;
          if (!caller?.organizationId) return Promise.reject(platformError("NO_ORGANIZATION"));
          return recorder.record(toRecordRequest({ ...caller, organizationId: caller.organizationId }, record));
        }),
      );
      return {
        outcomes: outcomes.map((outcome) => {
          if (outcome.status === "fulfilled")
            return { action: toActionMessage(outcome.value.action), replayed: outcome.value.replayed };
          const error = ConnectError.from(outcome.reason);
          return { errorCode: error.code, errorMessage: error.rawMessage };
        }),
      };
    },

    async findActionByIdempotencyKey(req, ctx) {
      const caller = requirePrincipal(ctx);
      const action = await new ActionRepository(orm.em.fork()).findByIdempotencyKey(
        caller.organizationId,
        req.idempotencyKey,
      );
      return { action: action ? toActionMessage(action) : undefined };
    },

    async getAction(req, ctx) {
      const caller = requirePrincipal(ctx);
      const id = parseActionId(req.id);
      const action =
        id === undefined ? null : await new ActionRepository(orm.em.fork()).findOne(caller.organizationId, id);
      if (!action) throw notFound(req.id);
      return { action: toActionMessage(action) };
    },

    async listActions(req, ctx) {
      const filter: ActionFilter = {
        status: req.status || undefined,
        agentId: req.agentId || undefined,
        offset: req.offset || undefined,
        riskLevel: req.riskLevel || undefined,
        since: req.since ? timestampDate(req.since) : undefined,
        until: req.until ? timestampDate(req.until) : undefined,
      };
      const page = await listPage(ctx, filter, req.limit, req.cursor);
      const total = req.withTotal
        ? await new ActionRepository(orm.em.fork()).count(requirePrincipal(ctx).organizationId, filter)
        : 0;
      return { ...page, total: BigInt(total) };
    },

    async listPendingApprovals(req, ctx) {
      const caller = requirePrincipal(ctx);
      const filter = {
        status: "pending_approval",
        maxRequiredLevel: caller.approvalLevel,
        notSubmittedBy: caller.userId,
      };
      return listPage(ctx, filter, req.limit, req.cursor);
    },

    approveAction: async (req, ctx) => ({
      action: toActionMessage(await workflow.transition(requirePrincipal(ctx), req.id, "approve", req.comment)),
    }),
    rejectAction: async (req, ctx) => ({
      action: toActionMessage(await workflow.transition(requirePrincipal(ctx), req.id, "reject", req.comment)),
    }),
    executeAction: async (req, ctx) => ({
      action: toActionMessage(await workflow.transition(requirePrincipal(ctx), req.id, "execute", req.comment)),
    }),
    failAction: async (req, ctx) => ({
      action: toActionMessage(
        await workflow.transition(requirePrincipal(ctx), req.id, "fail", req.errorMessage, {
          error: { code: req.errorCode, message: req.errorMessage },
        }),
      ),
    }),

    async denyPendingForOrganization(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      return { deniedCount: await workflow.denyPendingForAgent(caller, undefined, req.reason) };
    },

    async denyPendingForAgent(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      return { deniedCount: await workflow.denyPendingForAgent(caller, req.agentId, req.reason) };
    },

    async appendAuditEntry(req, ctx) {
      const caller = requirePrincipal(ctx);
      // An entry from another service's outbox (message_id) is appended once, however often it is delivered.
      const entry = await workflow.inTransaction(async (em, audit) => {
        let appended: Awaited<ReturnType<typeof audit.append>> | undefined;
        await applyOnce(em, req.messageId, "audit-entry", async () => {
          appended = await audit.append({
            organizationId: caller.organizationId,
            actorUserId: caller.userId,
            actorApiKeyId: caller.apiKeyId,
            correlationId: currentCorrelationId() ?? "",
            eventType: req.eventType,
            agentId: req.agentId,
            actionId: req.actionId,
            outcome: req.outcome,
            data: req.data ?? {},
          });
        });
        return appended;
      });
      return { entry: entry && toAuditEntryMessage(entry) };
    },

    async listAuditEntries(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const limit = pageSize(req.limit);
      const rows = await new AuditLog(orm.em.fork(), now).page(
        caller.organizationId,
        {
          agentId: req.agentId || undefined,
          actionId: req.actionId || undefined,
          actorUserId: req.actorUserId || undefined,
          outcome: req.outcome || undefined,
          since: req.since ? timestampDate(req.since) : undefined,
          until: req.until ? timestampDate(req.until) : undefined,
        },
        limit + 1,
        decodeSequence(req.cursor),
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(toAuditEntryMessage),
        nextCursor: rows.length > limit && last ? encodeSequence(last.sequence) : "",
      };
    },

    async verifyAuditTrail(_req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const verdict = await new AuditLog(orm.em.fork(), now).verify(caller.organizationId);
      return {
        valid: verdict.valid,
        entriesChecked: BigInt(verdict.checked),
        firstBrokenEntryId: verdict.firstBroken?.id ?? "",
        firstBrokenSequence: BigInt(verdict.firstBroken?.sequence ?? 0),
        problem: verdict.firstBroken?.problem ?? "",
      };
    },

    async getApprovalSettings(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const seconds = await workflow.deadlineSeconds(orm.em.fork(), caller.organizationId);
      return { settings: create(ApprovalSettingsSchema, { approvalDeadlineSeconds: seconds }) };
    },

    async updateApprovalSettings(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const seconds = await workflow.updateDeadline(caller, req.approvalDeadlineSeconds);
      return { settings: create(ApprovalSettingsSchema, { approvalDeadlineSeconds: seconds }) };
    },
  };
}
