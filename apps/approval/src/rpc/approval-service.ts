import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { decodeCursor, isOptimisticLockFailure, isUniqueConstraintViolation, pageSize, toPage } from "@platform/persistence";
import { ApprovalService } from "@platform/proto";
import { currentTraceId } from "@platform/telemetry";
import { requirePrincipal } from "@platform/rpc";
import { ACTION_STATUSES, nextStatus, type Transition } from "../domain/action-status.js";
import { assertMayDecide } from "../domain/approver-rules.js";
import { ActionEntity, type Action } from "../persistence/action-entity.js";
import { ActionRepository, type ActionFilter } from "../persistence/action-repository.js";
import { toActionMessage } from "./action-mapper.js";

type Impl = Partial<ServiceImpl<typeof ApprovalService>>;

/** Connect handlers of the approval service: contract <-> domain only. */
export function approvalService(orm: MikroORM, now: () => Date = () => new Date()): Impl {
  const notFound = (id: string) => platformError("ACTION_NOT_FOUND", { action_id: id }, { resource: { type: "action", name: id } });

  async function listPage(ctx: HandlerContext, filter: ActionFilter, limitIn: number, cursor: string) {
    const caller = requirePrincipal(ctx);
    const limit = pageSize(limitIn);
    const rows = await new ActionRepository(orm.em.fork()).page(caller.organizationId, filter, limit + 1, decodeCursor(cursor));
    return toPage(rows, limit, toActionMessage);
  }

  /**
   * Moves an action through the state machine. Two deciders racing on one action:
   * the version check lets exactly one flush win; the loser re-reads the action
   * and gets the refusal its new status calls for (409).
   */
  async function transition(ctx: HandlerContext, id: string, move: Transition, comment: string) {
    const caller = requirePrincipal(ctx);
    const em = orm.em.fork();
    const actions = new ActionRepository(em);
    const action = await actions.findOne(caller.organizationId, id);
    if (!action) throw notFound(id);
    const status = nextStatus(action.id, action.status, move);
    if (move === "approve" || move === "reject") {
      assertMayDecide(action, { userId: caller.userId, approvalLevel: caller.approvalLevel });
      action.approverUserId = caller.userId;
      action.approverLevel = caller.approvalLevel;
      action.approvalComment = comment;
      action.decidedAt = now();
    }
    action.status = status;
    action.updatedAt = now();
    try {
      await actions.save();
    } catch (failure) {
      if (!isOptimisticLockFailure(failure)) throw failure;
      const current = await new ActionRepository(orm.em.fork()).findOne(caller.organizationId, id);
      if (!current) throw notFound(id);
      nextStatus(current.id, current.status, move); // throws the fitting 409
      throw platformError("ACTION_ALREADY_DECIDED", { action_id: id, status: current.status });
    }
    return { action: toActionMessage(action) };
  }

  return {
    async recordAction(req, ctx) {
      const caller = requirePrincipal(ctx);
      const input = req.action!;
      if (!(ACTION_STATUSES as readonly string[]).includes(input.status)) {
        throw platformError("INVALID_FIELD_VALUE", { fields: "action.status" });
      }
      const em = orm.em.fork();
      const at = now();
      const action: Action = em.create(ActionEntity, {
        id: input.id,
        organizationId: caller.organizationId,
        agentId: input.agentId,
        actionType: input.actionType,
        resource: input.resource,
        status: input.status,
        riskScore: input.riskScore,
        riskLevel: input.riskLevel,
        riskFactors: input.riskFactors.map((f) => ({ name: f.name, points: f.points, explanation: f.explanation })),
        requiredLevel: input.requiredLevel,
        reason: input.reason,
        decidedBy: input.decidedBy,
        estimatedCostUsd: input.estimatedCostUsd,
        parameters: input.parameters ?? {},
        submittedByUserId: caller.userId,
        submittedByApiKeyId: caller.apiKeyId,
        approverUserId: "",
        approverLevel: 0,
        approvalComment: "",
        decidedAt: input.status === "pending_approval" ? null : at,
        correlationId: input.correlationId || currentTraceId() || "",
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      try {
        await new ActionRepository(em).insert(action);
      } catch (failure) {
        // A retried RecordAction (same id) returns what was stored the first time.
        if (!isUniqueConstraintViolation(failure)) throw failure;
        const stored = await new ActionRepository(orm.em.fork()).findOne(caller.organizationId, input.id);
        if (!stored) throw failure;
        return { action: toActionMessage(stored) };
      }
      return { action: toActionMessage(action) };
    },

    async getAction(req, ctx) {
      const caller = requirePrincipal(ctx);
      const action = await new ActionRepository(orm.em.fork()).findOne(caller.organizationId, req.id);
      if (!action) throw notFound(req.id);
      return { action: toActionMessage(action) };
    },

    listActions: (req, ctx) => listPage(ctx, { status: req.status || undefined, agentId: req.agentId || undefined }, req.limit, req.cursor),

    async listPendingApprovals(req, ctx) {
      const caller = requirePrincipal(ctx);
      const filter = { status: "pending_approval", maxRequiredLevel: caller.approvalLevel, notSubmittedBy: caller.userId };
      return listPage(ctx, filter, req.limit, req.cursor);
    },

    approveAction: (req, ctx) => transition(ctx, req.id, "approve", req.comment),
    rejectAction: (req, ctx) => transition(ctx, req.id, "reject", req.comment),
    executeAction: (req, ctx) => transition(ctx, req.id, "execute", req.comment),
  };
}
