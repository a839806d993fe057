import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { isOptimisticLockFailure } from "@platform/persistence";
import type { Principal } from "@platform/proto/principal";
import { currentCorrelationId } from "@platform/telemetry";
import { nextStatus, type Transition } from "../domain/action-status.js";
import { assertMayDecide } from "../domain/approver-rules.js";
import { DEFAULT_APPROVAL_DEADLINE_SECONDS, escalate } from "../domain/escalation.js";
import { ActionEntity, type Action } from "../persistence/action-entity.js";
import { parseActionId } from "../domain/action-id.js";
import { ActionRepository } from "../persistence/action-repository.js";
import { ApprovalSettingsEntity } from "../persistence/approval-settings-entity.js";
import type { AuditLog, NewAuditEvent } from "../persistence/audit-log.js";
import { inAuditedTransaction } from "../persistence/audited-transaction.js";

type Caller = Principal & { organizationId: string };

const pastTense: Record<Transition, string> = {
  approve: "approved",
  reject: "rejected",
  execute: "executed",
  fail: "failed",
};

/** The daily budget a refused pending action held, claimed from its row so it is given back once. */
export interface ReleasedHold {
  readonly actionId: number;
  readonly key: string;
  readonly micros: number;
}

/** Told, after commit, about the holds of pending actions that ended refused (so governance can give them back). */
export type RefusedHook = (organizationId: string, holds: readonly ReleasedHold[]) => Promise<void>;

/** Told, in the transaction, of an approval escalated or expired (approval notifications queue them). */
export type LifecycleHook = (
  em: EntityManager,
  action: Action,
  event: "action.escalated" | "action.expired",
) => Promise<void>;

/** Zeroes the action's hold in the caller's transaction and answers what it held, if anything. */
function claimHold(action: Action): ReleasedHold[] {
  if (!action.budgetKey || action.budgetMicros <= 0) return [];
  const hold = { actionId: action.id, key: action.budgetKey, micros: action.budgetMicros };
  action.budgetMicros = 0;
  return [hold];
}

/**
 * The approval workflow: every change of an action and its audit entry are written in
 * one transaction. Concurrent writers are resolved by the database: the action's
 * version (two deciders) and the audit chain's unique sequence (two appends).
 */
export class ApprovalWorkflow {
  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date = () => new Date(),
    private readonly onRefused: RefusedHook = async () => undefined,
    private readonly onLifecycle: LifecycleHook = async () => undefined,
  ) {}

  /** Runs `work` in a transaction, again when a concurrent audit append took its sequence number. */
  inTransaction<T>(work: (em: EntityManager, audit: AuditLog) => Promise<T>, attempts = 8): Promise<T> {
    return inAuditedTransaction(this.orm, this.now, work, attempts);
  }

  private actor(
    caller: Caller,
  ): Pick<NewAuditEvent, "organizationId" | "actorUserId" | "actorApiKeyId" | "correlationId"> {
    return {
      organizationId: caller.organizationId,
      actorUserId: caller.userId,
      actorApiKeyId: caller.apiKeyId,
      correlationId: currentCorrelationId() ?? "",
    };
  }

  async deadlineSeconds(em: EntityManager, organizationId: string): Promise<number> {
    const settings = await em.findOne(ApprovalSettingsEntity, { organizationId });
    return settings?.approvalDeadlineSeconds ?? DEFAULT_APPROVAL_DEADLINE_SECONDS;
  }

  async updateDeadline(caller: Caller, seconds: number): Promise<number> {
    return this.inTransaction(async (em, audit) => {
      const settings =
        (await em.findOne(ApprovalSettingsEntity, { organizationId: caller.organizationId })) ??
        em.create(ApprovalSettingsEntity, { organizationId: caller.organizationId, approvalDeadlineSeconds: seconds });
      settings.approvalDeadlineSeconds = seconds;
      em.persist(settings);
      await audit.append({
        ...this.actor(caller),
        eventType: "approval_settings.updated",
        data: { approval_deadline_seconds: seconds },
      });
      return seconds;
    });
  }

  /**
   * Approve, reject, execute or fail. Two deciders racing on one action: the version
   * check lets exactly one commit; the other re-reads and gets the 409 its new status calls for.
   */
  async transition(
    caller: Caller,
    id: string,
    move: Transition,
    comment: string,
    outcomeData: Record<string, unknown> = {},
  ): Promise<Action> {
    const { action, released } = await this.applyTransition(caller, id, move, comment, outcomeData);
    if (released.length > 0) await this.onRefused(caller.organizationId, released);
    return action;
  }

  private async applyTransition(
    caller: Caller,
    id: string,
    move: Transition,
    comment: string,
    outcomeData: Record<string, unknown>,
  ): Promise<{ action: Action; released: ReleasedHold[] }> {
    const actionId = parseActionId(id);
    if (actionId === undefined) throw notFound(id);
    try {
      return await this.inTransaction(async (em, audit) => {
        const action = await new ActionRepository(em).findOne(caller.organizationId, actionId);
        if (!action) throw notFound(id);
        const status = nextStatus(action.id, action.status, move);
        if (move === "approve" || move === "reject") {
          assertMayDecide(action, { userId: caller.userId, approvalLevel: caller.approvalLevel });
          action.approverUserId = caller.userId;
          action.approverLevel = caller.approvalLevel;
          action.approvalComment = comment;
          action.decidedAt = this.now();
          action.approvalDeadline = null;
        }
        action.status = status;
        action.updatedAt = this.now();
        // A rejected action spends nothing; an approved one spends what it held.
        const released = move === "reject" ? claimHold(action) : [];
        if (move === "approve") action.budgetMicros = 0;
        await audit.append({
          ...this.actor(caller),
          eventType: `action.${pastTense[move]}`,
          agentId: action.agentId,
          actionId: String(action.id),
          outcome: status,
          data: { approver_level: caller.approvalLevel, required_level: action.requiredLevel, comment, ...outcomeData },
        });
        return { action, released };
      });
    } catch (failure) {
      if (!isOptimisticLockFailure(failure)) throw failure;
      const current = await new ActionRepository(this.orm.em.fork()).findOne(caller.organizationId, actionId);
      if (!current) throw notFound(id);
      nextStatus(current.id, current.status, move); // throws the fitting 409
      throw platformError("ACTION_ALREADY_DECIDED", { action_id: id, status: current.status });
    }
  }

  /**
   * Escalates every pending approval past its deadline, in any organization: one level
   * up with a fresh deadline, or denied past the highest level. Any replica may run it:
   * the version check makes each escalation happen once.
   */
  async escalateOverdue(batch = 100): Promise<{ escalated: number; expired: number }> {
    const now = this.now();
    const due = await this.orm.em
      .fork()
      .find(
        ActionEntity,
        { status: "pending_approval", approvalDeadline: { $lte: now } },
        { orderBy: { approvalDeadline: "asc" }, limit: batch },
      );
    let escalated = 0;
    let expired = 0;
    for (const candidate of due) {
      try {
        const done = await this.inTransaction(async (em, audit) => {
          const action = await em.findOne(ActionEntity, { id: candidate.id, version: candidate.version });
          if (!action || action.status !== "pending_approval")
            return { kind: undefined, released: [] as ReleasedHold[] };
          const outcome = escalate(action.requiredLevel, now, await this.deadlineSeconds(em, action.organizationId));
          const system = {
            organizationId: action.organizationId,
            actorUserId: "system",
            correlationId: currentCorrelationId() ?? "",
          };
          const released = outcome.kind === "expired" ? claimHold(action) : [];
          if (outcome.kind === "expired") {
            action.status = "denied";
            action.reason = `Approval expired: no decision past level ${action.requiredLevel}`;
            action.decidedAt = now;
            action.approvalDeadline = null;
          } else {
            action.requiredLevel = outcome.requiredLevel;
            action.approvalDeadline = outcome.deadline;
          }
          action.escalations += 1;
          action.updatedAt = now;
          await audit.append({
            ...system,
            eventType: outcome.kind === "expired" ? "action.expired" : "action.escalated",
            agentId: action.agentId,
            actionId: String(action.id),
            outcome: action.status,
            data: { required_level: action.requiredLevel, escalations: action.escalations },
          });
          await this.onLifecycle(em, action, outcome.kind === "expired" ? "action.expired" : "action.escalated");
          return { kind: outcome.kind, released };
        });
        // Counted only once committed: a replica that lost the race counts nothing.
        if (done.kind === "escalated") escalated++;
        if (done.kind === "expired") {
          expired++;
          if (done.released.length > 0) await this.onRefused(candidate.organizationId, done.released);
        }
      } catch (failure) {
        if (!isOptimisticLockFailure(failure)) throw failure; // another replica escalated it first
      }
    }
    return { escalated, expired };
  }

  /** The kill switch ends pending approvals as denied: one agent's, or (no agent) the whole organization's. */
  async denyPendingForAgent(caller: Caller, agentId: string | undefined, reason: string): Promise<number> {
    const { count, released } = await this.inTransaction(async (em, audit) => {
      const pending = await em.find(ActionEntity, {
        organizationId: caller.organizationId,
        ...(agentId ? { agentId } : {}),
        status: "pending_approval",
      });
      const holds: ReleasedHold[] = [];
      for (const action of pending) {
        holds.push(...claimHold(action));
        action.status = "denied";
        action.reason = reason || "Agent kill switch activated";
        action.decidedAt = this.now();
        action.approvalDeadline = null;
        action.updatedAt = this.now();
        await audit.append({
          ...this.actor(caller),
          eventType: "action.denied_by_kill_switch",
          agentId: action.agentId,
          actionId: String(action.id),
          outcome: "denied",
          data: { reason: action.reason },
        });
      }
      return { count: pending.length, released: holds };
    });
    if (released.length > 0) await this.onRefused(caller.organizationId, released);
    return count;
  }
}

export const notFound = (id: string | number) =>
  platformError("ACTION_NOT_FOUND", { action_id: String(id) }, { resource: { type: "action", name: String(id) } });
