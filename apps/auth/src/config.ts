import { port, redisField, secret, serviceFields, serviceUrl } from "@platform/config";

/** The auth service's environment variables, checked at boot (see main.ts) and listed in the README. */
export const authConfig = {
  AUTH_PORT: port({ description: "The auth service's port (Connect over h2c).", default: "50051" }),
  ...serviceFields,
  ...redisField,
  JWT_SECRET: secret(32, {
    description: "HS256 secret of the access and refresh tokens users get. Set it when running several auth replicas.",
    defaultNote: "generated and kept in the auth database",
  }),
  APPROVAL_URL: serviceUrl("approval"),
} as const;
