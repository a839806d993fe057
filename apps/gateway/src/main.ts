import { createLogger, shutdownTelemetry } from "@platform/telemetry";
import { countersFromEnv } from "@platform/counters";
import { sharedChangeFeed } from "@platform/changes";
import { startGateway } from "./gateway.js";
import { idempotencyFromEnv } from "./http/idempotency.js";
import { createServiceClients, type ServiceUrls } from "./service-clients.js";

/** Graceful stop (issue 13): requests in flight get DRAIN_MS, the process exits within 10 s whatever happens. */
const DRAIN_MS = 7_000;
const EXIT_DEADLINE_MS = 9_500;

const env = process.env;
const logger = createLogger("gateway");
const urls: ServiceUrls = {
  auth: env["AUTH_URL"] ?? "http://127.0.0.1:50051",
  registry: env["REGISTRY_URL"] ?? "http://127.0.0.1:50052",
  governance: env["GOVERNANCE_URL"] ?? "http://127.0.0.1:50053",
  approval: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054",
};
// Organization rate limits and Idempotency-Keys hold across gateway replicas when they share Redis.
const counters = countersFromEnv(env, "agp:gateway:");
const gateway = await startGateway({
  services: createServiceClients(urls, Number(env["UPSTREAM_TIMEOUT_MS"] ?? 10_000)),
  counters,
  idempotency: idempotencyFromEnv(env),
  // Auth's changes (revoked keys, roles, limits) reach this gateway's caches over Redis, or auth's Watch stream.
  changeFeed: sharedChangeFeed(env),
  urls,
  port: Number(env["PORT"] ?? 8080),
  host: env["HOST"] ?? "127.0.0.1",
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
    void gateway.close(DRAIN_MS)
      .then(() => counters.close())
      .then(shutdownTelemetry)
      .then(() => process.exit(0), () => process.exit(1));
  });
}
