import { MikroORM, type EntitySchema, type Options } from "@mikro-orm/core";
import type { DatabaseTarget } from "./orm-config.js";
import { applyMigrations, migratorOptions, type ServiceMigrations } from "./migrations.js";
import {
  retryingConcurrentCreates,
  retryingConcurrentDrops,
  updateSchemaSafely,
  updateSchemaUnlocked,
  withSchemaLock,
} from "./schema-update.js";
import { TunedSqliteDriver } from "./sqlite-driver.js";
import { CachedStatementsSqliteDialect } from "./cached-statements-dialect.js";

export interface OpenDatabaseOptions {
  /** The SQLite file or PostgreSQL schema (see databaseTargetFromEnv). */
  readonly target: DatabaseTarget;
  /** The service's entities (defineEntity schemas); their tables are created or updated. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- entity schemas of any shape
  readonly entities: readonly EntitySchema<any, any>[];
  /**
   * The service's versioned migrations: applied at open (pending ones only, recorded
   * in the schema's migrations table). Without them (unit tests of repositories) the
   * tables are made from the entities directly.
   */
  readonly migrations?: ServiceMigrations;
  /** Apply pending migrations at open (default true; `npm run migrate` decides itself). */
  readonly applyMigrations?: boolean;
  /** Log every query (MikroORM's `debug`). */
  readonly debug?: boolean;
}

/** Connections per process to PostgreSQL: four services with replicas must fit max_connections (100 by default). */
const POSTGRESQL_POOL = { min: 0, max: 10 };

async function driverOptions(target: DatabaseTarget): Promise<Partial<Options>> {
  if (target.kind === "sqlite") {
    // node:sqlite through MikroORM's generic SQLite driver (no native addon to build), keeping prepared
    // statements for those sent with bound parameters (insertRows).
    return {
      driver: TunedSqliteDriver,
      driverOptions: new CachedStatementsSqliteDialect(target.path),
      dbName: target.path,
    };
  }
  // Entities name no schema, so each lands in the service's own (config `schema`):
  // the four services share one database and never a table.
  // Loaded only by processes that use PostgreSQL: the driver and `pg` cost every other one memory.
  const { PostgreSqlDriver } = await import("@mikro-orm/postgresql");
  return { driver: PostgreSqlDriver, clientUrl: target.url, schema: target.schema, pool: POSTGRESQL_POOL };
}

/**
 * Opens a service's database and applies its pending migrations: on PostgreSQL under
 * an advisory lock named after the schema, so replicas starting together apply each
 * migration once; on SQLite retrying when another process created the tables first.
 * Without migrations (tests of one repository) the tables are made from the
 * entities by the additive update (see updateSchemaSafely).
 * The global EntityManager refuses work (`allowGlobalContext: false`): each request
 * forks its own with `orm.em.fork()`, so no identity map is shared between requests.
 * On failure nothing stays open.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<MikroORM> {
  const orm = await MikroORM.init({
    ...(await driverOptions(options.target)),
    ...(options.migrations ? migratorOptions(options.target, options.migrations) : {}),
    entities: [...options.entities],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    // MikroORM would otherwise define an accessor on every loaded entity for each of its
    // properties (Object.defineProperty per property and entity), to propagate changes
    // along bidirectional relations. No entity here has a relation, and those definitions
    // were most of the CPU of listing actions (20 rows: about 2 ms in approval).
    propagationOnPrototype: false,
  });
  try {
    const { target, migrations } = options;
    if (!migrations) await updateSchemaSafely(orm, target);
    else if (options.applyMigrations === false) return orm;
    else if (target.kind === "postgresql")
      await retryingConcurrentDrops(() =>
        withSchemaLock(orm, target.schema, () =>
          applyMigrations(orm, target, migrations, () => updateSchemaUnlocked(orm, target)).then(() => undefined),
        ),
      );
    else
      await retryingConcurrentCreates(() =>
        applyMigrations(orm, target, migrations, () => updateSchemaUnlocked(orm, target)).then(() => undefined),
      );
  } catch (failure) {
    await orm.close(true).catch(() => undefined);
    throw failure;
  }
  return orm;
}

/**
 * Closes the connections of a database opened with openDatabase. Waits at most
 * `timeoutMs` (default 5 s) and says whether it finished: a transaction whose
 * connection died (database restart) never gives its pooled connection back
 * (kysely-org/kysely#1990), and the pool's end would then wait for it forever,
 * holding up a service's shutdown.
 */
export async function closeDatabase(orm: MikroORM, options: { timeoutMs?: number } = {}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), options.timeoutMs ?? 5000);
    timer.unref();
  });
  try {
    return await Promise.race([orm.close(true).then(() => true as const), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
