import { loadConfigOrExit } from "@platform/config";
import { gatewayConfig } from "./config.js";

// Checked before the gateway's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("gateway", gatewayConfig);
const { createLogger, shutdownTelemetry } = await import("@platform/telemetry");
const { countersFromEnv } = await import("@platform/counters");
const { configureServiceTokenSecret, loadServiceTokenSecret } = await import("@platform/rpc");
const { startGateway } = await import("./gateway.js");
const { idempotencyFromEnv } = await import("./http/idempotency.js");
const { createServiceClients } = await import("./service-clients.js");
const { sharedChangeFeed } = await import("@platform/changes");

/** Graceful stop (issue 13): requests in flight get DRAIN_MS, the process exits within 10 s whatever happens. */
const DRAIN_MS = 7_000;
const EXIT_DEADLINE_MS = 9_500;

const logger = createLogger("gateway");
// The caller's identity reaches the services as a token signed with this secret.
configureServiceTokenSecret(loadServiceTokenSecret({ secret: config.SERVICE_TOKEN_SECRET, dataDir: config.DATA_DIR }));
const urls = {
  auth: config.AUTH_URL,
  registry: config.REGISTRY_URL,
  governance: config.GOVERNANCE_URL,
  approval: config.APPROVAL_URL,
};
const shared = { REDIS_URL: config.REDIS_URL };
// Organization rate limits and Idempotency-Keys hold across gateway replicas when they share Redis.
const counters = countersFromEnv(shared, "agp:gateway:");
const gateway = await startGateway({
  services: createServiceClients(urls, config.UPSTREAM_TIMEOUT_MS),
  counters,
  idempotency: idempotencyFromEnv(shared),
  // Auth's changes (revoked keys, roles, limits) reach this gateway's caches over Redis, or auth's Watch stream.
  changeFeed: sharedChangeFeed(shared),
  urls,
  port: config.PORT,
  host: config.HOST,
  consoleDir: config.CONSOLE_DIR,
  metricsToken: config.METRICS_TOKEN,
});
logger.info({ port: gateway.port }, `gateway listening on ${gateway.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping (no new requests, finishing those in flight)`);
    setTimeout(() => {
      logger.error("graceful stop took too long; exiting");
      process.exit(1);
    }, EXIT_DEADLINE_MS).unref();
    void gateway
      .close(DRAIN_MS)
      .then(() => counters.close())
      .then(shutdownTelemetry)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
