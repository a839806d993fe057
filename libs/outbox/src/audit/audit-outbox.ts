import { fromBinary, toBinary, type JsonObject } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { EntityManager } from "@mikro-orm/core";
import { context } from "@opentelemetry/api";
import type { ApprovalService } from "@platform/proto";
import { PrincipalSchema, type Principal } from "@platform/proto/principal";
import { runAsPrincipal } from "@platform/rpc";
import { currentCorrelationId, withCorrelationId } from "@platform/telemetry";
import { enqueue } from "../enqueue.js";
import type { DeliveredMessage, MessageHandler } from "../relay.js";

/** The topic of audit entries a service writes into the organization's trail on approval. */
export const AUDIT_ENTRY_TOPIC = "approval.append-audit-entry";

/** One entry of the trail, as AppendAuditEntry takes it. */
export interface AuditEntryDraft {
  readonly eventType: string;
  readonly outcome: string;
  readonly agentId?: string;
  readonly actionId?: string;
  readonly data?: JsonObject;
}

/** Who made the change and under which correlation id: the entry is appended as them, later. */
export interface CallerEnvelope {
  /** The Principal, protobuf binary in base64 (as it travels between services). */
  readonly principal: string;
  readonly correlationId: string;
}

interface AuditEntryMessage {
  readonly caller: CallerEnvelope;
  readonly entry: AuditEntryDraft;
}

/** Captures the caller of the request being handled, to act as them when the message is delivered. */
export function captureCaller(principal: Principal): CallerEnvelope {
  return {
    principal: Buffer.from(toBinary(PrincipalSchema, principal)).toString("base64"),
    correlationId: currentCorrelationId() ?? "",
  };
}

/** Runs `fn` as the captured caller, with their correlation id, as the request itself would have. */
export function runAsCaller<T>(caller: CallerEnvelope, fn: () => Promise<T>): Promise<T> {
  const principal = fromBinary(PrincipalSchema, Buffer.from(caller.principal, "base64"));
  const ctx = caller.correlationId ? withCorrelationId(context.active(), caller.correlationId) : context.active();
  return context.with(ctx, () => runAsPrincipal(principal, fn));
}

/**
 * Writes an audit entry into the sender's outbox, in the caller's unit of work (see
 * enqueue): it reaches the trail exactly when the change it records committed. Entries
 * of one organization are delivered in order.
 */
export function enqueueAuditEntry(
  em: EntityManager,
  caller: Principal & { organizationId: string },
  entry: AuditEntryDraft,
): string {
  const message: AuditEntryMessage = { caller: captureCaller(caller), entry };
  return enqueue(em, AUDIT_ENTRY_TOPIC, message, { orderingKey: caller.organizationId });
}

/** The relay handler of AUDIT_ENTRY_TOPIC: appends the entry on approval, which applies each message id once. */
export function auditEntryHandler(approval: () => Client<typeof ApprovalService>): MessageHandler {
  return async (message: DeliveredMessage) => {
    const { caller, entry } = message.payload as AuditEntryMessage;
    await runAsCaller(caller, () => approval().appendAuditEntry({ ...entry, messageId: message.id }));
  };
}
