import { changeWatchService, ownerChangeFeed, TOPICS } from "@platform/changes";
import { ApprovalService, ChangeService, RegistryService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { AgentEntity } from "./persistence/agent-entity.js";
import { McpServerEntity } from "./persistence/mcp-server-entity.js";
import { OrganizationKillSwitchEntity } from "./persistence/organization-kill-switch-entity.js";
import { withChangeNotices } from "./rpc/change-notices.js";
import { registryService } from "./rpc/registry-service.js";

export const registryDefinition: ServiceDefinition = {
  name: "registry",
  defaultPort: 50052,
  entities: [AgentEntity, McpServerEntity, OrganizationKillSwitchEntity],
  routes: (orm, env) => {
    // Governance replicas cache agents and kill switches; they hear of changes here (or on Redis).
    const feed = ownerChangeFeed(env);
    const approval = createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" });
    return (router) => {
      router.service(RegistryService, withChangeNotices(registryService(orm, approval), feed));
      router.service(ChangeService, changeWatchService(feed, TOPICS.registry));
    };
  },
};
