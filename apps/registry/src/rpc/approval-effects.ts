import type { Client } from "@connectrpc/connect";
import type { EntityManager } from "@mikro-orm/core";
import { enqueue, type MessageHandler, type OutboxRelay } from "@platform/outbox";
import { AUDIT_ENTRY_TOPIC, auditEntryHandler, captureCaller, enqueueAuditEntry, runAsCaller, type AuditEntryDraft, type CallerEnvelope } from "@platform/outbox/audit";
import type { ApprovalService } from "@platform/proto";
import type { Principal } from "@platform/proto/principal";

/** Ends the pending approvals of an agent (or of the whole organization), then audits it with the count. */
export const DENY_PENDING_TOPIC = "approval.deny-pending";

interface DenyPendingMessage {
  readonly caller: CallerEnvelope;
  /** Empty: every pending approval of the organization. */
  readonly agentId: string;
  readonly reason: string;
  /** The entry that records the change; `denied_pending` is added when delivered. */
  readonly audit: AuditEntryDraft;
}

type Caller = Principal & { organizationId: string };

/** How long a change waits for its effects on approval before answering anyway. */
const PROMPT_DELIVERY_MS = 2000;

/**
 * What registry changes cause on approval (audit entries, pending approvals ended by a
 * kill switch or a deletion), written to registry's outbox in the change's own unit of
 * work: they happen exactly when the change committed, also if approval is down then.
 * Entries of one organization are delivered in order.
 */
export class ApprovalEffects {
  constructor(private readonly relay: OutboxRelay) {}

  audit(em: EntityManager, caller: Caller, entry: AuditEntryDraft): void {
    enqueueAuditEntry(em, caller, entry);
  }

  denyPending(em: EntityManager, caller: Caller, target: { agentId?: string; reason: string }, audit: AuditEntryDraft): void {
    const message: DenyPendingMessage = { caller: captureCaller(caller), agentId: target.agentId ?? "", reason: target.reason, audit };
    enqueue(em, DENY_PENDING_TOPIC, message, { orderingKey: caller.organizationId });
  }

  /** After the commit: delivers now, so approval reflects the change when it is answered (bounded wait). */
  async deliver(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.relay.deliverNow().catch(() => 0),
      new Promise((resolve) => { timer = setTimeout(resolve, PROMPT_DELIVERY_MS); }),
    ]);
    clearTimeout(timer);
  }
}

/** The relay handlers of registry's outbox. Deny is naturally idempotent; the audit entry is applied once by message id. */
export function approvalEffectHandlers(approval: Client<typeof ApprovalService>): Record<string, MessageHandler> {
  return {
    [AUDIT_ENTRY_TOPIC]: auditEntryHandler(() => approval),
    [DENY_PENDING_TOPIC]: async (message) => {
      const { caller, agentId, reason, audit } = message.payload as DenyPendingMessage;
      await runAsCaller(caller, async () => {
        const { deniedCount } = agentId
          ? await approval.denyPendingForAgent({ agentId, reason })
          : await approval.denyPendingForOrganization({ reason });
        await approval.appendAuditEntry({ ...audit, data: { ...audit.data, denied_pending: deniedCount }, messageId: message.id });
      });
    },
  };
}
