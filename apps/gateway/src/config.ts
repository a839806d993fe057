import { oneOf, port, processFields, redisField, secret, serviceUrl, text, upstreamTimeout } from "@platform/config";

/** The gateway's environment variables, checked at boot (see main.ts) and listed in the README. */
export const gatewayConfig = {
  PORT: port({ description: "The gateway's HTTP port (the public API).", default: "8080" }),
  ...processFields,
  ...redisField,
  AUTH_URL: serviceUrl("auth"),
  REGISTRY_URL: serviceUrl("registry"),
  GOVERNANCE_URL: serviceUrl("governance"),
  APPROVAL_URL: serviceUrl("approval"),
  UPSTREAM_TIMEOUT_MS: upstreamTimeout(),
  COOKIE_SECURE: oneOf(["true", "false"], {
    description: "Mark the session cookies `Secure` (set it behind HTTPS).",
    default: "false",
  }),
  PLATFORM_VERSION: text({ description: "What `GET /api/deployment-info` reports as the version.", default: "0.1.0" }),
  METRICS_TOKEN: secret(16, {
    description: "When set, `GET /metrics` needs `Authorization: Bearer <token>`.",
    defaultNote: "unset (metrics open)",
  }),
  CONSOLE_DIR: text({
    description: "Folder of the built web console served at `/console/` (`nx run console:build`).",
    defaultNote: "apps/console/dist when built",
  }),
  PLATFORM_ENVIRONMENT: text({
    description: "What `GET /api/deployment-info` reports as the environment.",
    defaultNote: "NODE_ENV, else development",
  }),
} as const;
