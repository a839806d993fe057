import type { AppSchemas } from "@platform/config";
import { approvalConfig } from "approval/config";
import { authConfig } from "auth/config";
import { gatewayConfig } from "gateway/config";
import { governanceConfig } from "governance/config";
import { registryConfig } from "registry/config";

/** Every app's configuration schema, in the order the README lists them. */
export const appConfigs: AppSchemas = {
  gateway: gatewayConfig,
  auth: authConfig,
  registry: registryConfig,
  governance: governanceConfig,
  approval: approvalConfig,
};
