import type { EntitySchema, MikroORM } from "@mikro-orm/core";
import { closeDatabase, databaseTargetFromEnv, openDatabase, toPlatformError, type DatabaseTarget } from "@platform/persistence";
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
  /** Default port when `<NAME>_PORT` is not set. */
  readonly defaultPort: number;
  /** Periodic work (sweepers); returns how to stop it. */
  readonly background?: (orm: MikroORM, env: NodeJS.ProcessEnv) => () => void;
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

/** Opens the service's database, starts its Connect server and stops both cleanly on SIGINT/SIGTERM. */
export async function runService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env, options: RunOptions = {}): Promise<RunningService> {
  const logger = createLogger(definition.name);
  process.env["PLATFORM_SERVICE"] ??= definition.name;
  const target = options.target ?? databaseTargetFromEnv({ service: definition.name, env });
  const orm = await openDatabase({ target, entities: [...definition.entities] });
  const port = Number(env[`${definition.name.toUpperCase()}_PORT`] ?? definition.defaultPort);
  const server = await startServiceServer({
    name: definition.name,
    routes: await definition.routes(orm, env),
    port,
    host: env["HOST"] ?? "127.0.0.1",
    mapError: toPlatformError,
    metrics: definition.metrics ? (registry) => definition.metrics!(orm, registry) : undefined,
    readiness: async () => {
      await orm.em.fork().getConnection().execute("select 1");
    },
  });
  const stopBackground = definition.background?.(orm, env);
  logger.info({ port: server.port }, `${definition.name} service listening`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopBackground?.();
      await server.close();
      await closeDatabase(orm);
      await shutdownTelemetry();
      logger.info(`${definition.name} service stopped`);
    })());
  if (options.handleSignals ?? true) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  }
  return { server, orm, target, stop };
}
