import { countersFromEnv } from "@platform/counters";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { DecisionEntity } from "./persistence/decision-entity.js";
import { PolicyEntity, SmartRuleEntity } from "./persistence/policy-entity.js";
import { governanceService } from "./rpc/governance-service.js";
import { governanceMigrations } from "./migrations/index.js";

export const governanceDefinition: ServiceDefinition = {
  name: "governance",
  migrations: governanceMigrations,
  defaultPort: 50053,
  entities: [DecisionEntity, PolicyEntity, SmartRuleEntity],
  routes: (orm, env) => (router) =>
    router.service(GovernanceService, governanceService({
      orm,
      registry: createServiceClient(RegistryService, { baseUrl: env["REGISTRY_URL"] ?? "http://127.0.0.1:50052" }),
      approval: createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" }),
      // Rate-limit and budget counters: Redis when REDIS_URL is set (shared by replicas), else in process.
      counters: countersFromEnv(env, "agp:governance:"),
    })),
};
