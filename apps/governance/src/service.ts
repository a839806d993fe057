import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { DecisionEntity } from "./persistence/decision-entity.js";
import { governanceService } from "./rpc/governance-service.js";

export const governanceDefinition: ServiceDefinition = {
  name: "governance",
  defaultPort: 50053,
  entities: [DecisionEntity],
  routes: (orm, env) => (router) =>
    router.service(GovernanceService, governanceService({
      orm,
      registry: createServiceClient(RegistryService, { baseUrl: env["REGISTRY_URL"] ?? "http://127.0.0.1:50052" }),
      approval: createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" }),
    })),
};
