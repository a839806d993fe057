import { port, serviceFields, serviceUrl } from "@platform/config";

/** The registry service's environment variables, checked at boot (see main.ts) and listed in the README. */
export const registryConfig = {
  REGISTRY_PORT: port({ description: "The registry service's port (Connect over h2c).", default: "50052" }),
  ...serviceFields,
  APPROVAL_URL: serviceUrl("approval"),
} as const;
