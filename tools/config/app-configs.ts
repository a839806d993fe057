import type { AppSchemas } from "@platform/config";
import { approvalConfig } from "../../apps/approval/src/config.js";
import { authConfig } from "../../apps/auth/src/config.js";
import { gatewayConfig } from "../../apps/gateway/src/config.js";
import { governanceConfig } from "../../apps/governance/src/config.js";
import { registryConfig } from "../../apps/registry/src/config.js";

/** Every app's configuration schema, in the order the README lists them. */
export const appConfigs: AppSchemas = {
  gateway: gatewayConfig,
  auth: authConfig,
  registry: registryConfig,
  governance: governanceConfig,
  approval: approvalConfig,
};
