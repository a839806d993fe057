import { loadConfigOrExit } from "@platform/config";
import { gatewayConfig } from "./config.js";

// Checked before the gateway's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("gateway", gatewayConfig);
const { createLogger, shutdownTelemetry } = await import("@platform/telemetry");
const { countersFromEnv } = await import("@platform/counters");
const { configureServiceTokenSecret, loadServiceTokenSecret } = await import("@platform/rpc");
const { startGateway } = await import("./gateway.js");
const { createServiceClients } = await import("./service-clients.js");
const { sharedChangeFeed } = await import("@platform/changes");

const logger = createLogger("gateway");
// The caller's identity reaches the services as a token signed with this secret.
configureServiceTokenSecret(loadServiceTokenSecret({ secret: config.SERVICE_TOKEN_SECRET, dataDir: config.DATA_DIR }));
const urls = { auth: config.AUTH_URL, registry: config.REGISTRY_URL, governance: config.GOVERNANCE_URL, approval: config.APPROVAL_URL };
const gateway = await startGateway({
  services: createServiceClients(urls, config.UPSTREAM_TIMEOUT_MS),
  // Organization rate limits hold across gateway replicas when they share Redis.
  counters: countersFromEnv({ REDIS_URL: config.REDIS_URL }, "agp:gateway:"),
  // Auth's changes (revoked keys, roles, limits) reach this gateway's caches over Redis, or auth's Watch stream.
  changeFeed: sharedChangeFeed({ REDIS_URL: config.REDIS_URL }),
  urls,
  port: config.PORT,
  host: config.HOST,
});
logger.info({ port: gateway.port }, `gateway listening on ${gateway.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void gateway.close().then(shutdownTelemetry).then(() => process.exit(0)));
}
