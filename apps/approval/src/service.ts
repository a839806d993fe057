import type { Client } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { ApprovalService, GovernanceService, NotificationService } from "@platform/proto";
import { inboxEntities, pruneProcessed } from "@platform/outbox";
import { SERVICE_PORTS } from "@platform/config";
import { createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { releaseBudgetsThrough } from "./application/budget-release.js";
import { createLogger } from "@platform/telemetry";
import { ApprovalWorkflow } from "./application/approval-workflow.js";
import { ActionRecorder } from "./application/action-recorder.js";
import { IdAllocator } from "./persistence/id-allocator.js";
import { notificationEntities } from "./notifications/notification-entities.js";
import { registerNotificationMetrics } from "./notifications/notification-metrics.js";
import { notificationEndpointsFor, startNotificationDelivery } from "./notifications/notification-module.js";
import { NotificationOutbox } from "./notifications/notification-outbox.js";
import { notificationService } from "./notifications/notification-service.js";
import { ActionEntity } from "./persistence/action-entity.js";
import { ApprovalSettingsEntity } from "./persistence/approval-settings-entity.js";
import { AuditEntryEntity } from "./persistence/audit-entry-entity.js";
import { AuditHeadEntity } from "./persistence/audit-head-entity.js";
import { IdBlockEntity } from "./persistence/id-block-entity.js";
import { approvalService } from "./rpc/approval-service.js";
import { approvalMigrations } from "./migrations/index.js";
import { registerPendingApprovalsGauge } from "./metrics/pending-approvals-gauge.js";

/** The workflow, giving refused actions' budgets back through governance (GOVERNANCE_URL, read when first needed). */
function workflowFor(orm: MikroORM, env: NodeJS.ProcessEnv): ApprovalWorkflow {
  let client: Client<typeof GovernanceService> | undefined;
  const governance = () =>
    (client ??= createServiceClient(GovernanceService, { baseUrl: serviceUrl("governance", env) }));
  return new ApprovalWorkflow(
    orm,
    undefined,
    releaseBudgetsThrough(governance),
    new NotificationOutbox().lifecycleChanged,
  );
}

/** How long approval remembers the ids of the outbox messages it applied (applied once). */
const PROCESSED_MESSAGES_KEPT_MS = 7 * 86_400_000;

export const approvalDefinition: ServiceDefinition = {
  name: "approval",
  migrations: approvalMigrations,
  defaultPort: SERVICE_PORTS.approval,
  entities: [
    ActionEntity,
    AuditEntryEntity,
    AuditHeadEntity,
    ApprovalSettingsEntity,
    IdBlockEntity,
    ...inboxEntities,
    ...notificationEntities,
  ],
  routes: (orm, env) => (router) => {
    // Pending actions queue their notifications in the recorder's own transaction.
    const recorder = new ActionRecorder(orm, new IdAllocator(orm), undefined, new NotificationOutbox().actionsStored);
    router.service(ApprovalService, approvalService(orm, undefined, workflowFor(orm, env), recorder));
    router.service(NotificationService, notificationService(notificationEndpointsFor(orm, env)));
  },
  metrics: (orm, registry) => {
    registerPendingApprovalsGauge(orm, registry);
    registerNotificationMetrics(orm, registry);
  },
  /** Escalates overdue approvals; every replica runs it, the database makes each escalation happen once. */
  background: (orm, env) => {
    const logger = createLogger("approval");
    const workflow = workflowFor(orm, env);
    const every = Number(env["ESCALATION_INTERVAL_MS"] ?? 15_000);
    const timer = setInterval(() => {
      workflow.escalateOverdue().then(
        (result) => {
          if (result.escalated + result.expired > 0) logger.info(result, "escalated overdue approvals");
        },
        (failure: unknown) => logger.error({ err: failure }, "escalation sweep failed"),
      );
    }, every);
    timer.unref();
    // Ids of applied outbox messages are kept for a week: senders stop redelivering long before.
    const prune = setInterval(() => {
      pruneProcessed(orm.em.fork(), new Date(Date.now() - PROCESSED_MESSAGES_KEPT_MS)).catch((failure: unknown) => {
        logger.error({ err: failure }, "pruning applied message ids failed");
      });
    }, 3_600_000);
    prune.unref();
    // Approval notifications: queued with the changes they tell of, delivered from here.
    const stopNotifications = startNotificationDelivery(orm, env);
    return async () => {
      clearInterval(timer);
      clearInterval(prune);
      await stopNotifications();
    };
  },
};
