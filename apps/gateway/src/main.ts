import { createLogger, shutdownTelemetry } from "@platform/telemetry";
import { countersFromEnv } from "@platform/counters";
import { sharedChangeFeed } from "@platform/changes";
import { startGateway } from "./gateway.js";
import { createServiceClients, type ServiceUrls } from "./service-clients.js";

const env = process.env;
const logger = createLogger("gateway");
const urls: ServiceUrls = {
  auth: env["AUTH_URL"] ?? "http://127.0.0.1:50051",
  registry: env["REGISTRY_URL"] ?? "http://127.0.0.1:50052",
  governance: env["GOVERNANCE_URL"] ?? "http://127.0.0.1:50053",
  approval: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054",
};
const gateway = await startGateway({
  services: createServiceClients(urls, Number(env["UPSTREAM_TIMEOUT_MS"] ?? 10_000)),
  // Organization rate limits hold across gateway replicas when they share Redis.
  counters: countersFromEnv(env, "agp:gateway:"),
  // Auth's changes (revoked keys, roles, limits) reach this gateway's caches over Redis, or auth's Watch stream.
  changeFeed: sharedChangeFeed(env),
  urls,
  port: Number(env["PORT"] ?? 8080),
  host: env["HOST"] ?? "127.0.0.1",
});
logger.info({ port: gateway.port }, `gateway listening on ${gateway.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void gateway.close().then(shutdownTelemetry).then(() => process.exit(0)));
}
