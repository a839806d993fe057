import type { MikroORM } from "@mikro-orm/core";
import { changeWatchService, ownerChangeFeed, TOPICS } from "@platform/changes";
import { SERVICE_PORTS } from "@platform/config";
import { OutboxRelay, outboxEntities } from "@platform/outbox";
import { ApprovalService, ChangeService, RegistryService } from "@platform/proto";
import { createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { approvalEffectHandlers } from "./application/approval-effects.js";
import { registryApplication } from "./application/registry-application.js";
import { registryMigrations } from "./migrations/index.js";
import { AgentEntity } from "./persistence/agent-entity.js";
import { McpServerEntity } from "./persistence/mcp-server-entity.js";
import { OrganizationKillSwitchEntity } from "./persistence/organization-kill-switch-entity.js";
import { withChangeNotices } from "./rpc/change-notices.js";
import { registryService } from "./rpc/registry-service.js";

/** Approval's client and registry's outbox relay of each opened database: the handlers deliver through it, the background loop runs it. */
const wiring = new WeakMap<
  MikroORM,
  { approval: ReturnType<typeof createServiceClient<typeof ApprovalService>>; relay: OutboxRelay }
>();

function wiringFor(orm: MikroORM, env: NodeJS.ProcessEnv) {
  let wired = wiring.get(orm);
  if (!wired) {
    const approval = createServiceClient(ApprovalService, { baseUrl: serviceUrl("approval", env) });
    wired = { approval, relay: new OutboxRelay(orm, approvalEffectHandlers(approval), { name: "registry" }) };
    wiring.set(orm, wired);
  }
  return wired;
}

export const registryDefinition: ServiceDefinition = {
  name: "registry",
  migrations: registryMigrations,
  defaultPort: SERVICE_PORTS.registry,
  entities: [AgentEntity, McpServerEntity, OrganizationKillSwitchEntity, ...outboxEntities],
  routes: (orm, env) => {
    const { approval, relay } = wiringFor(orm, env);
    // Governance replicas cache agents and kill switches; they hear of changes here (or on Redis).
    const feed = ownerChangeFeed(env);
    return (router) => {
      router.service(
        RegistryService,
        withChangeNotices(registryService(registryApplication({ orm, approval, relay })), feed),
      );
      router.service(ChangeService, changeWatchService(feed, TOPICS.registry));
    };
  },
  /** Delivers registry's effects on approval (audit entries, pending approvals ended), also those left by an earlier run. */
  background: (orm, env) => {
    const { relay } = wiringFor(orm, env);
    relay.start();
    return () => relay.stop();
  },
};
