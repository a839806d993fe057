import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AuditEntrySchema } from "@platform/proto/approval";
import type { AuditEntry } from "../persistence/audit-entry-entity.js";

export const toAuditEntryMessage = (entry: AuditEntry) =>
  create(AuditEntrySchema, {
    id: entry.id,
    sequence: BigInt(entry.sequence),
    eventType: entry.eventType,
    actorUserId: entry.actorUserId,
    actorApiKeyId: entry.actorApiKeyId,
    agentId: entry.agentId,
    actionId: entry.actionId,
    outcome: entry.outcome,
    data: entry.data as JsonObject,
    correlationId: entry.correlationId,
    previousHash: entry.previousHash,
    hash: entry.hash,
    createdAt: timestampFromDate(entry.createdAt),
  });
