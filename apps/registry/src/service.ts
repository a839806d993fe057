import { ApprovalService, RegistryService } from "@platform/proto";
import { DEFAULT_SERVICE_PORTS, createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { registryApplication } from "./application/registry-application.js";
import { AgentEntity } from "./persistence/agent-entity.js";
import { McpServerEntity } from "./persistence/mcp-server-entity.js";
import { OrganizationKillSwitchEntity } from "./persistence/organization-kill-switch-entity.js";
import { registryService } from "./rpc/registry-service.js";

export const registryDefinition: ServiceDefinition = {
  name: "registry",
  defaultPort: DEFAULT_SERVICE_PORTS.registry,
  entities: [AgentEntity, McpServerEntity, OrganizationKillSwitchEntity],
  routes: (orm, env) => (router) =>
    router.service(RegistryService, registryService(registryApplication(orm, createServiceClient(ApprovalService, { baseUrl: serviceUrl("approval", env) })))),
};
