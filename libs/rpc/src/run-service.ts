import type { EntitySchema, MikroORM } from "@mikro-orm/core";
import {
  checkDatabase,
  closeDatabase,
  databaseTargetFromEnv,
  openDatabase,
  toPlatformError,
  type DatabaseTarget,
  type ServiceMigrations,
} from "@platform/persistence";
import { createLogger, shutdownTelemetry } from "@platform/telemetry";
import type { Registry } from "prom-client";
import { startServiceServer, type RouteRegistrar, type RunningServer } from "./server.js";

export interface ServiceDefinition {
  /** auth, registry, governance or approval: names its database (file or schema) and its logs. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entities: readonly EntitySchema<any, any>[];
  /** Registers the handlers once the database is open; `env` holds the configuration (URLs, secrets). */
  readonly routes: (orm: MikroORM, env: NodeJS.ProcessEnv) => RouteRegistrar | Promise<RouteRegistrar>;
  /** Its versioned migrations (src/migrations/<dialect>/index.ts), applied when it opens its database. */
  readonly migrations?: ServiceMigrations;
  /** Default port when `<NAME>_PORT` is not set. */
  readonly defaultPort: number;
  /**
   * Work that runs beside the server (sweepers, an outbox relay); returns how to stop
   * it. It is stopped after the calls in flight finished and before the database
   * closes, so an outbox relay can deliver what they enqueued.
   */
  readonly background?: (orm: MikroORM, env: NodeJS.ProcessEnv) => () => void | Promise<void>;
  /** The service's own metrics (collectors reading its database on scrape), beside the RPC durations every service has. */
  readonly metrics?: (orm: MikroORM, registry: Registry) => void;
}

export interface RunningService {
  readonly server: RunningServer;
  readonly orm: MikroORM;
  readonly target: DatabaseTarget;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Where the data lives; from DATABASE_URL / DATA_DIR when not given. */
  readonly target?: DatabaseTarget;
  /** Stop on SIGINT/SIGTERM and exit (the default for a real process, off in tests). */
  readonly handleSignals?: boolean;
}

/**
 * Graceful stop budget (issue 13: SIGTERM exits within 10 s): calls in flight get
 * DRAIN_MS to finish, background work (the outbox's last delivery) BACKGROUND_STOP_MS,
 * and a process still alive at EXIT_DEADLINE_MS exits regardless.
 */
const DRAIN_MS = 6_000;
const BACKGROUND_STOP_MS = 2_000;
const EXIT_DEADLINE_MS = 9_500;

function within(ms: number, work: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The service's metrics bound to its database, for the server's /metrics. */
function metricsOf(definition: ServiceDefinition, orm: MikroORM): ((registry: Registry) => void) | undefined {
  const metrics = definition.metrics;
  return metrics
    ? (registry) => {
        metrics(orm, registry);
      }
    : undefined;
}

/**
 * Opens the service's database, starts its Connect server and stops both cleanly on
 * SIGINT/SIGTERM: no new calls (GOAWAY to every client, the listener closed), the
 * calls in flight finish, background work stops (the outbox flushes), then the
 * database and telemetry close and the process exits, all within 10 s.
 */
export async function runService(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
  options: RunOptions = {},
): Promise<RunningService> {
  const logger = createLogger(definition.name);
  process.env["PLATFORM_SERVICE"] ??= definition.name;
  const target = options.target ?? databaseTargetFromEnv({ service: definition.name, env });
  const orm = await openDatabase({ target, entities: [...definition.entities], migrations: definition.migrations });
  const port = Number(env[`${definition.name.toUpperCase()}_PORT`] ?? definition.defaultPort);
  const server = await startServiceServer({
    name: definition.name,
    routes: await definition.routes(orm, env),
    port,
    host: env["HOST"] ?? "127.0.0.1",
    mapError: toPlatformError,
    metrics: metricsOf(definition, orm),
    readiness: () => checkDatabase(orm),
  });
  const stopBackground = definition.background?.(orm, env);
  logger.info({ port: server.port }, `${definition.name} service listening`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await server.close(DRAIN_MS);
      await within(
        BACKGROUND_STOP_MS,
        Promise.resolve(stopBackground?.()).catch((failure: unknown) =>
          logger.error({ err: failure }, "background work did not stop cleanly"),
        ),
      );
      await closeDatabase(orm);
      await shutdownTelemetry();
      logger.info(`${definition.name} service stopped`);
    })());
  if (options.handleSignals ?? true) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        logger.info(`${signal}: stopping (no new calls, finishing those in flight)`);
        setTimeout(() => {
          logger.error("graceful stop took too long; exiting");
          process.exit(1);
        }, EXIT_DEADLINE_MS).unref();
        void stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  }
  return { server, orm, target, stop };
}
