import { port, redisField, serviceFields, serviceUrl } from "@platform/config";

/** The governance service's environment variables, checked at boot (see main.ts) and listed in the README. */
export const governanceConfig = {
  GOVERNANCE_PORT: port({ description: "The governance service's port (Connect over h2c).", default: "50053" }),
  ...serviceFields,
  ...redisField,
  REGISTRY_URL: serviceUrl("registry"),
  APPROVAL_URL: serviceUrl("approval"),
} as const;
