export {
  decimal,
  host,
  httpUrl,
  integer,
  listOf,
  oneOf,
  port,
  postgresUrl,
  redisUrl,
  secret,
  smtpUrl,
  text,
  type ConfigOf,
  type EnvField,
  type EnvSchema,
  type FieldDoc,
  type FieldValue,
} from "./env-field.js";
export { ConfigError, EXIT_CONFIG, loadConfigOrExit, parseConfig, toEnv, type ConfigProblem } from "./load-config.js";
export {
  LOG_LEVELS,
  SERVICE_PORTS,
  processFields,
  redisField,
  serviceFields,
  serviceUrl,
  telemetryFields,
  upstreamTimeout,
  type ServiceName,
} from "./common-fields.js";
export { configTable, type AppSchemas } from "./config-table.js";
