/**
 * Every generated file, for code that needs them together: a type registry for
 * google.protobuf.Any / JSON, and the service list. Import messages from the
 * subpath exports (`@platform/proto/auth`, ...).
 */
import { createRegistry } from "@bufbuild/protobuf";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details_pb.js";
import { file_platform_approval_v1_approval } from "./gen/platform/approval/v1/approval_pb.js";
import { file_platform_approval_v1_notifications } from "./gen/platform/approval/v1/notifications_pb.js";
import { file_platform_auth_v1_auth } from "./gen/platform/auth/v1/auth_pb.js";
import { file_platform_governance_v1_governance } from "./gen/platform/governance/v1/governance_pb.js";
import { file_platform_registry_v1_registry } from "./gen/platform/registry/v1/registry_pb.js";

export { AuthService } from "./gen/platform/auth/v1/auth_pb.js";
export { RegistryService } from "./gen/platform/registry/v1/registry_pb.js";
export { GovernanceService } from "./gen/platform/governance/v1/governance_pb.js";
export { ApprovalService } from "./gen/platform/approval/v1/approval_pb.js";
export { NotificationService } from "./gen/platform/approval/v1/notifications_pb.js";
export { ChangeService } from "./gen/platform/changes/v1/changes_pb.js";

/** All platform contracts plus google.rpc details and buf.validate, by type name. */
export const contractRegistry = createRegistry(
  file_platform_auth_v1_auth,
  file_platform_registry_v1_registry,
  file_platform_governance_v1_governance,
  file_platform_approval_v1_approval,
  file_platform_approval_v1_notifications,
  file_google_rpc_error_details,
  file_buf_validate_validate,
);
