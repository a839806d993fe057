import { ApprovalService, RegistryService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { AgentEntity } from "./persistence/agent-entity.js";
import { McpServerEntity } from "./persistence/mcp-server-entity.js";
import { OrganizationKillSwitchEntity } from "./persistence/organization-kill-switch-entity.js";
import { registryService } from "./rpc/registry-service.js";
import { registryMigrations } from "./migrations/index.js";

export const registryDefinition: ServiceDefinition = {
  name: "registry",
  migrations: registryMigrations,
  defaultPort: 50052,
  entities: [AgentEntity, McpServerEntity, OrganizationKillSwitchEntity],
  routes: (orm, env) => (router) =>
    router.service(RegistryService, registryService(orm, createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" }))),
};
