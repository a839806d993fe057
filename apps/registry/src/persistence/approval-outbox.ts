import type { EntityManager } from "@mikro-orm/core";
import { enqueue } from "@platform/outbox";
import { captureCaller, enqueueAuditEntry, type AuditEntryDraft, type CallerEnvelope } from "@platform/outbox/audit";
import type { Principal } from "@platform/proto/principal";

/** Ends the pending approvals of an agent (or of the whole organization), then audits it with the count. */
export const DENY_PENDING_TOPIC = "approval.deny-pending";

export interface DenyPendingMessage {
  readonly caller: CallerEnvelope;
  /** Empty: every pending approval of the organization. */
  readonly agentId: string;
  readonly reason: string;
  /** The entry that records the change; `denied_pending` is added when delivered. */
  readonly audit: AuditEntryDraft;
}

type Caller = Principal & { organizationId: string };

/**
 * What registry changes cause on approval (audit entries, pending approvals ended by a
 * kill switch or a deletion), written to registry's outbox in the change's own unit of
 * work: they happen exactly when the change committed, also if approval is down then.
 * Entries of one organization are delivered in order (see application/approval-effects.ts).
 */
export class ApprovalOutbox {
  constructor(private readonly em: EntityManager) {}

  audit(caller: Caller, entry: AuditEntryDraft): void {
    enqueueAuditEntry(this.em, caller, entry);
  }

  denyPending(caller: Caller, target: { agentId?: string; reason: string }, audit: AuditEntryDraft): void {
    const message: DenyPendingMessage = {
      caller: captureCaller(caller),
      agentId: target.agentId ?? "",
      reason: target.reason,
      audit,
    };
    enqueue(this.em, DENY_PENDING_TOPIC, message, { orderingKey: caller.organizationId });
  }
}
