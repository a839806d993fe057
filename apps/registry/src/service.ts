import type { ServiceDefinition } from "@platform/rpc";
import { RegistryService } from "@platform/proto";
import { AgentEntity } from "./persistence/agent-entity.js";
import { registryService } from "./rpc/registry-service.js";

export const registryDefinition: ServiceDefinition = {
  name: "registry",
  defaultPort: 50052,
  entities: [AgentEntity],
  routes: (orm) => (router) => router.service(RegistryService, registryService(orm)),
};
