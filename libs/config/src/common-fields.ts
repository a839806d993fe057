import { host, httpUrl, integer, decimal, listOf, oneOf, postgresUrl, redisUrl, secret, text } from "./env-field.js";

/** pino's levels; anything else makes pino throw at the first log line. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The default port of each service: the URL defaults of their callers follow them. */
export const SERVICE_PORTS = { auth: 50051, registry: 50052, governance: 50053, approval: 50054 } as const;
export type ServiceName = keyof typeof SERVICE_PORTS;

/** `<SERVICE>_URL`: where the gateway and the other services find a service. */
export function serviceUrl(service: ServiceName) {
  return httpUrl({
    description: `Where the ${service} service is reached (the gateway and other services call it there).`,
    default: `http://127.0.0.1:${SERVICE_PORTS[service]}`,
  });
}

/** Standard OpenTelemetry variables the platform reads (through the SDK). */
export const telemetryFields = {
  OTEL_SERVICE_NAME: text({
    description: "Service name on exported spans (`npm start` sets the app name).",
    default: "platform",
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({
    description: "OTLP collector base URL; setting it turns trace export on (e.g. `http://otel-collector:4318`).",
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl({
    description: "OTLP endpoint for traces only (wins over OTEL_EXPORTER_OTLP_ENDPOINT).",
  }),
  OTEL_EXPORTER_OTLP_PROTOCOL: oneOf(["grpc", "http/protobuf", "http/json"], {
    description: "OTLP transport.",
    defaultNote: "http/protobuf (the SDK's default)",
  }),
  OTEL_TRACES_EXPORTER: listOf(["otlp", "console", "zipkin", "none"], {
    description: "Span exporters; `none` alone exports nothing.",
    defaultNote: "otlp when an endpoint is set, else none",
  }),
  OTEL_TRACES_SAMPLER: oneOf(
    [
      "always_on",
      "always_off",
      "traceidratio",
      "parentbased_always_on",
      "parentbased_always_off",
      "parentbased_traceidratio",
    ],
    { description: "Sampler of exported spans.", defaultNote: "parentbased_always_on" },
  ),
  OTEL_TRACES_SAMPLER_ARG: decimal({ min: 0, max: 1 }, { description: "Ratio for the traceidratio samplers." }),
} as const;

/** What every app reads: where it binds, how it logs and traces, how services know each other's calls. */
export const processFields = {
  HOST: host({
    description: "Address the app binds. The default keeps every port on loopback; containers set `0.0.0.0`.",
    default: "127.0.0.1",
  }),
  LOG_LEVEL: oneOf(LOG_LEVELS, {
    description: "JSON logs on stdout, each line with `trace_id` and `span_id`.",
    default: "info",
  }),
  DATA_DIR: text({
    description: "Folder of the SQLite files (one per service) and of the generated service-token secret.",
    default: "./data",
  }),
  SERVICE_TOKEN_SECRET: secret(32, {
    description:
      "HS256 key with which the gateway signs the caller's identity for the services (60 s tokens, audience = the service) and services verify it. Every gateway and service replica needs the same value.",
    defaultNote: "generated once into `DATA_DIR/service-token.secret` (one machine only)",
  }),
  ...telemetryFields,
} as const;

/** What every Connect service reads beside processFields. */
export const serviceFields = {
  ...processFields,
  DATABASE_URL: postgresUrl({
    description:
      "PostgreSQL instead of SQLite; each service uses its own schema (auth, registry, governance, approval).",
  }),
  MAINTENANCE_MODE: oneOf(["0", "1"], {
    description:
      '`1` makes a service answer every call 503 "Database maintenance in progress" (Retry-After 300); read per call.',
    default: "0",
  }),
} as const;

/** REDIS_URL: counters shared by replicas. */
export const redisField = {
  REDIS_URL: redisUrl({
    description:
      "Redis shared by every replica: organization rate limits (gateway), agent rate limits and budgets (governance), and auth's change notices to the gateways' caches; in-process counters and auth's Watch stream otherwise. `/ready` checks it.",
  }),
} as const;

/** The deadline of a call to a service. */
export function upstreamTimeout() {
  return integer(
    { min: 1, max: 600_000 },
    { description: "The gateway's deadline per service call in milliseconds (504 past it).", default: "10000" },
  );
}
