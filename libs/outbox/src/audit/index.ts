export {
  AUDIT_ENTRY_TOPIC,
  auditEntryHandler,
  captureCaller,
  enqueueAuditEntry,
  runAsCaller,
  type AuditEntryDraft,
  type CallerEnvelope,
} from "./audit-outbox.js";
