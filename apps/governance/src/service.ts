import { countersFromEnv } from "@platform/counters";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import { DEFAULT_SERVICE_PORTS, createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { DecisionEntity } from "./persistence/decision-entity.js";
import { PolicyEntity, SmartRuleEntity } from "./persistence/policy-entity.js";
import { governanceService } from "./rpc/governance-service.js";

export const governanceDefinition: ServiceDefinition = {
  name: "governance",
  defaultPort: DEFAULT_SERVICE_PORTS.governance,
  entities: [DecisionEntity, PolicyEntity, SmartRuleEntity],
  routes: (orm, env) => (router) =>
    router.service(GovernanceService, governanceService({
      orm,
      registry: createServiceClient(RegistryService, { baseUrl: serviceUrl("registry", env) }),
      approval: createServiceClient(ApprovalService, { baseUrl: serviceUrl("approval", env) }),
      // Rate-limit and budget counters: Redis when REDIS_URL is set (shared by replicas), else in process.
      counters: countersFromEnv(env, "agp:governance:"),
    })),
};
