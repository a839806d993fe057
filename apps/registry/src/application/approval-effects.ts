import type { Client } from "@connectrpc/connect";
import type { MessageHandler, OutboxRelay } from "@platform/outbox";
import { AUDIT_ENTRY_TOPIC, auditEntryHandler, runAsCaller } from "@platform/outbox/audit";
import type { ApprovalService } from "@platform/proto";
import { DENY_PENDING_TOPIC, type DenyPendingMessage } from "../persistence/approval-outbox.js";

/** How long a change waits for its effects on approval before answering anyway. */
const PROMPT_DELIVERY_MS = 2000;

/**
 * After a commit: delivers registry's outbox now, so approval reflects the change when it
 * is answered (bounded wait; what is not delivered then, the relay's loop delivers later).
 */
export async function deliverPromptly(relay: OutboxRelay): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    relay.deliverNow().catch(() => 0),
    new Promise((resolve) => {
      timer = setTimeout(resolve, PROMPT_DELIVERY_MS);
    }),
  ]);
  clearTimeout(timer);
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
        await approval.appendAuditEntry({
          ...audit,
          data: { ...audit.data, denied_pending: deniedCount },
          messageId: message.id,
        });
      });
    },
  };
}
