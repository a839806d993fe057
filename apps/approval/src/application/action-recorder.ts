import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { insertRows, isUniqueConstraintViolation } from "@platform/persistence";
import { Coalescer, GATEWAY_KEY_PREFIX } from "@platform/rpc";
import type { Action as ActionMessage } from "@platform/proto/action";
import type { Principal } from "@platform/proto/principal";
import { ACTION_STATUSES } from "../domain/action-status.js";
import { DEFAULT_APPROVAL_DEADLINE_SECONDS } from "../domain/escalation.js";
import { ActionEntity, type Action } from "../persistence/action-entity.js";
import { ApprovalSettingsEntity } from "../persistence/approval-settings-entity.js";
import { AuditLog, type NewAuditEvent } from "../persistence/audit-log.js";
import type { IdAllocator } from "../persistence/id-allocator.js";

type Caller = Principal & { organizationId: string };

/** One decided action to store, as governance sends it (RecordAction). */
export interface RecordRequest {
  readonly caller: Caller;
  readonly action: ActionMessage;
  readonly budgetHold?: { readonly key: string; readonly micros: number };
  readonly idempotencyKey?: string;
  readonly alerts?: readonly { readonly ruleId: string; readonly ruleName: string }[];
  readonly correlationId: string;
}

export interface Recorded {
  readonly action: Action;
  /** The action was already stored under the request's idempotency key. */
  readonly replayed: boolean;
}

/**
 * Stores decided actions, each with its audit entries, with one durable write per
 * decision: concurrent requests are committed together (group commit), so a burst of
 * N submissions costs one transaction, one lock per organization's audit chain and
 * one multi-row insert per table, not N of each.
 */
export class ActionRecorder {
  private readonly commits: Coalescer<RecordRequest, Recorded>;

  constructor(
    private readonly orm: MikroORM,
    private readonly ids: IdAllocator,
    private readonly now: () => Date = () => new Date(),
    /** Told of the stored actions in their transaction (approval notifications queue the pending ones). */
    private readonly onStored: (em: EntityManager, actions: readonly Action[]) => Promise<void> = async () => undefined,
  ) {
    this.commits = new Coalescer((batch) => this.write(batch), { maxBatch: 256, isolateFailures: true });
  }

  record(request: RecordRequest): Promise<Recorded> {
    if (!(ACTION_STATUSES as readonly string[]).includes(request.action.status)) {
      return Promise.reject(platformError("INVALID_FIELD_VALUE", { fields: "action.status" }));
    }
    return this.commits.submit(request);
  }

  /** One transaction for the whole batch; again when a concurrent writer took an audit sequence or an idempotency key. */
  private async write(batch: readonly RecordRequest[]): Promise<Recorded[]> {
    const ids = await this.ids.take(batch.length);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional((em) => this.writeIn(em, batch, ids));
      } catch (failure) {
        if (!isUniqueConstraintViolation(failure) || attempt >= 8) throw failure;
      }
    }
  }

  private async writeIn(
    em: EntityManager,
    batch: readonly RecordRequest[],
    ids: readonly number[],
  ): Promise<Recorded[]> {
    const at = this.now();
    const replays = await this.storedUnderKeys(em, batch);
    const deadlines = await this.deadlineSeconds(em, batch);
    const results: Recorded[] = [];
    const rows: Action[] = [];
    const events: NewAuditEvent[] = [];
    batch.forEach((request, index) => {
      const keyId = request.idempotencyKey
        ? `${request.caller.organizationId}\u0000${request.idempotencyKey}`
        : undefined;
      const earlier = keyId ? replays.get(keyId) : undefined;
      if (earlier) {
        results.push({ action: earlier, replayed: true });
        return;
      }
      const id = ids[index];
      if (id === undefined) throw new Error("fewer ids than records");
      const action = this.newRow(request, id, at, deadlines.get(request.caller.organizationId));
      if (keyId) replays.set(keyId, action); // a second request of the batch under the same key replays this one
      rows.push(action);
      events.push(...auditEventsOf(request, action));
      results.push({ action, replayed: false });
    });
    await insertRows(em, ActionEntity, rows);
    await this.onStored(em, rows);
    await new AuditLog(em, this.now).appendMany(events);
    return results;
  }

  /** Actions already stored under the batch's idempotency keys, by organization and key. */
  private async storedUnderKeys(em: EntityManager, batch: readonly RecordRequest[]): Promise<Map<string, Action>> {
    // Keys the gateway minted are new by construction: only a client's key can have been used before.
    const keyed = batch
      .filter((r) => !r.idempotencyKey?.startsWith(GATEWAY_KEY_PREFIX))
      .flatMap((r) =>
        r.idempotencyKey ? [{ organizationId: r.caller.organizationId, idempotencyKey: r.idempotencyKey }] : [],
      );
    if (keyed.length === 0) return new Map();
    const rows = await em.find(ActionEntity, { $or: keyed }, { disableIdentityMap: true });
    return new Map(rows.map((row) => [`${row.organizationId}\u0000${row.idempotencyKey}`, row]));
  }

  /** Each organization's approval deadline, for the pending actions of the batch. */
  private async deadlineSeconds(em: EntityManager, batch: readonly RecordRequest[]): Promise<Map<string, number>> {
    const organizations = [
      ...new Set(batch.filter((r) => r.action.status === "pending_approval").map((r) => r.caller.organizationId)),
    ];
    if (organizations.length === 0) return new Map();
    const settings = await em.find(
      ApprovalSettingsEntity,
      { organizationId: { $in: organizations } },
      { disableIdentityMap: true },
    );
    return new Map(settings.map((s) => [s.organizationId, s.approvalDeadlineSeconds]));
  }

  private newRow(
    request: RecordRequest,
    id: number,
    at: Date,
    deadlineSeconds = DEFAULT_APPROVAL_DEADLINE_SECONDS,
  ): Action {
    const { action: input, caller } = request;
    const pending = input.status === "pending_approval";
    return {
      id,
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
      refusalCode: input.refusalCode,
      estimatedCostUsd: input.estimatedCostUsd,
      parameters: input.parameters ?? {},
      submittedByUserId: caller.userId,
      submittedByApiKeyId: caller.apiKeyId,
      approverUserId: "",
      approverLevel: 0,
      approvalComment: "",
      decidedAt: pending ? null : at,
      approvalDeadline: pending ? new Date(at.getTime() + deadlineSeconds * 1000) : null,
      escalations: 0,
      // Only a pending action keeps a hold; anything decided at once has spent or refused it.
      budgetKey: pending ? (request.budgetHold?.key ?? "") : "",
      budgetMicros: pending ? (request.budgetHold?.micros ?? 0) : 0,
      idempotencyKey: request.idempotencyKey || null,
      correlationId: input.correlationId || request.correlationId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  }
}

/** The decision's audit entry, then one per smart-rule alert, all as the submitting caller. */
function auditEventsOf(request: RecordRequest, action: Action): NewAuditEvent[] {
  const actor = {
    organizationId: action.organizationId,
    actorUserId: request.caller.userId,
    actorApiKeyId: request.caller.apiKeyId,
    agentId: action.agentId,
    actionId: String(action.id),
    correlationId: action.correlationId,
  };
  const decided: NewAuditEvent = {
    ...actor,
    eventType: action.status === "denied" ? "decision.denied" : "action.decided",
    outcome: action.status,
    data: {
      action_type: action.actionType,
      risk_score: action.riskScore,
      risk_level: action.riskLevel,
      required_level: action.requiredLevel,
      decided_by: action.decidedBy,
      reason: action.reason,
      ...(action.refusalCode ? { refusal: action.refusalCode } : {}),
    },
  };
  const alerts = (request.alerts ?? []).map((alert): NewAuditEvent => ({
    ...actor,
    eventType: "smart_rule.alert",
    outcome: "alert",
    data: { rule_id: alert.ruleId, rule_name: alert.ruleName },
  }));
  return [decided, ...alerts];
}
