import { ApprovalService } from "@platform/proto";
import type { ServiceDefinition } from "@platform/rpc";
import { createLogger } from "@platform/telemetry";
import { ApprovalWorkflow } from "./application/approval-workflow.js";
import { ActionEntity } from "./persistence/action-entity.js";
import { ApprovalSettingsEntity } from "./persistence/approval-settings-entity.js";
import { AuditEntryEntity } from "./persistence/audit-entry-entity.js";
import { AuditHeadEntity } from "./persistence/audit-head-entity.js";
import { approvalService } from "./rpc/approval-service.js";

export const approvalDefinition: ServiceDefinition = {
  name: "approval",
  defaultPort: 50054,
  entities: [ActionEntity, AuditEntryEntity, AuditHeadEntity, ApprovalSettingsEntity],
  routes: (orm) => (router) => router.service(ApprovalService, approvalService(orm)),
  /** Escalates overdue approvals; every replica runs it, the database makes each escalation happen once. */
  background: (orm, env) => {
    const logger = createLogger("approval");
    const workflow = new ApprovalWorkflow(orm);
    const every = Number(env["ESCALATION_INTERVAL_MS"] ?? 15_000);
    const timer = setInterval(() => {
      workflow.escalateOverdue().then(
        (result) => { if (result.escalated + result.expired > 0) logger.info(result, "escalated overdue approvals"); },
        (failure: unknown) => logger.error({ err: failure }, "escalation sweep failed"),
      );
    }, every);
    timer.unref();
    return () => clearInterval(timer);
  },
};
