import type { ServiceDefinition } from "@platform/rpc";
import { ApprovalService } from "@platform/proto";
import { ActionEntity } from "./persistence/action-entity.js";
import { approvalService } from "./rpc/approval-service.js";

export const approvalDefinition: ServiceDefinition = {
  name: "approval",
  defaultPort: 50054,
  entities: [ActionEntity],
  routes: (orm) => (router) => router.service(ApprovalService, approvalService(orm)),
};
