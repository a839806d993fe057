import type { MikroORM } from "@mikro-orm/core";
import {
  changeWatchService,
  listenToOwner,
  LocalChangeFeed,
  sharedChangeFeed,
  TOPICS,
  type ChangeFeed,
} from "@platform/changes";
import { countersFromEnv, type CounterStore } from "@platform/counters";
import type { Client } from "@connectrpc/connect";
import { ApprovalService, ChangeService, GovernanceService, RegistryService } from "@platform/proto";
import { SERVICE_PORTS } from "@platform/config";
import { createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { ActionStore } from "./application/action-store.js";
import { AgentBudgets } from "./application/agent-budgets.js";
import { AgentDirectory } from "./application/agent-directory.js";
import { DecisionPipeline } from "./application/decision-pipeline.js";
import { RuleAdmin } from "./application/rule-admin.js";
import { RuleBook } from "./application/rule-book.js";
import { PolicyEntity, SmartRuleEntity } from "./persistence/policy-entity.js";
import { governanceService, type GovernanceApplication } from "./rpc/governance-service.js";

export interface GovernanceWiring {
  readonly orm: MikroORM;
  readonly registry: Client<typeof RegistryService>;
  /** Where the registry's Watch stream is, when there is no shared feed. */
  readonly registryUrl: string;
  readonly approval: Client<typeof ApprovalService>;
  readonly counters: CounterStore;
  /** The feed shared by every replica (Redis); without one, changes travel over Watch streams. */
  readonly sharedFeed?: ChangeFeed;
  readonly now?: () => Date;
}

/**
 * Governance's application, with its copies of the registry's agents and of its own
 * rules kept current: agents by the registry's notices (Redis, or the registry's Watch
 * stream), rules by governance's own (Redis, or this process's feed, which its Watch
 * stream also serves). Returns the application, the feed it announces on, and how to stop listening.
 */
export function wireGovernance(w: GovernanceWiring): {
  app: GovernanceApplication;
  feed: ChangeFeed;
  stop: () => void;
} {
  const feed = w.sharedFeed ?? new LocalChangeFeed();
  const agents = new AgentDirectory(w.registry);
  const ruleBook = new RuleBook(w.orm);
  const stops = [
    listenToOwner(agents.cache, { feed: w.sharedFeed, ownerUrl: w.registryUrl }),
    feed.subscribe(ruleBook.cache),
  ];
  const pipeline = new DecisionPipeline({
    agents,
    ruleBook,
    actions: new ActionStore(w.approval),
    counters: w.counters,
    now: w.now,
  });
  return {
    app: {
      pipeline,
      rules: new RuleAdmin(w.orm, feed, w.now),
      budgets: new AgentBudgets(agents, w.counters, w.now),
    },
    feed,
    stop: () => stops.forEach((stop) => stop()),
  };
}

/** What each running governance service must stop when it stops (its listeners and feeds), by its ORM. */
const stopsByOrm = new WeakMap<MikroORM, () => void>();
import { governanceMigrations } from "./migrations/index.js";

export const governanceDefinition: ServiceDefinition = {
  name: "governance",
  migrations: governanceMigrations,
  defaultPort: SERVICE_PORTS.governance,
  entities: [PolicyEntity, SmartRuleEntity],
  routes: (orm, env) => {
    const registryUrl = serviceUrl("registry", env);
    const sharedFeed = sharedChangeFeed(env);
    const counters = countersFromEnv(env, "agp:governance:");
    const { app, feed, stop } = wireGovernance({
      orm,
      registry: createServiceClient(RegistryService, { baseUrl: registryUrl }),
      registryUrl,
      approval: createServiceClient(ApprovalService, { baseUrl: serviceUrl("approval", env) }),
      // Rate-limit and budget counters: Redis when REDIS_URL is set (shared by replicas), else in process.
      counters,
      sharedFeed,
    });
    stopsByOrm.set(orm, () => {
      stop();
      void sharedFeed?.close();
      void counters.close();
    });
    return (router) => {
      router.service(GovernanceService, governanceService(app));
      router.service(ChangeService, changeWatchService(feed, TOPICS.governance));
    };
  },
  background: (orm) => () => stopsByOrm.get(orm)?.(),
};
