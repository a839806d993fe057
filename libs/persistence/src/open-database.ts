import { MikroORM, type EntitySchema, type Options } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { NodeSqliteDialect, SqliteDriver } from "@mikro-orm/sql";
import type { DatabaseTarget } from "./database-target.js";

export interface OpenDatabaseOptions {
  readonly target: DatabaseTarget;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entities: readonly EntitySchema<any, any>[];
  readonly debug?: boolean;
}

function optionsFor(target: DatabaseTarget): Partial<Options> {
  if (target.kind === "sqlite") {
    return { driver: SqliteDriver, driverOptions: new NodeSqliteDialect(target.path), dbName: target.path };
  }
  return { driver: PostgreSqlDriver, clientUrl: target.url, schema: target.schema, pool: { min: 0, max: 10 } };
}

/**
 * Opens a service's database and brings its tables up to date with the entities.
 * The update is safe: it creates tables, columns and indexes but never drops any,
 * so a newer replica never destroys what an older one still uses.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<MikroORM> {
  const orm = await MikroORM.init({
    ...optionsFor(options.target),
    entities: [...options.entities],
    debug: options.debug ?? false,
    // Every request forks its own EntityManager; the global one must never hold state.
    allowGlobalContext: false,
  });
  const connection = orm.em.getConnection();
  if (options.target.kind === "sqlite") {
    // WAL lets readers and a writer work at once; busy_timeout makes a second process wait, not fail.
    await connection.execute("pragma journal_mode = wal");
    // In WAL mode NORMAL still survives a crash of the process (commits are in the WAL);
    // only a power loss may drop the last commits. FULL would fsync every commit.
    await connection.execute("pragma synchronous = normal");
    await connection.execute("pragma busy_timeout = 5000");
    await connection.execute("pragma foreign_keys = on");
  } else {
    await connection.execute(`create schema if not exists "${options.target.schema}"`);
  }
  await updateSchema(orm);
  return orm;
}

/**
 * PostgreSQL introspection lists the tables of every schema, then reads their indexes:
 * a schema dropped in between (another test run, another service's cleanup) fails the
 * read with 3F000. The update does not depend on other schemas, so it is simply redone.
 */
async function updateSchema(orm: MikroORM, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await orm.schema.update({ safe: true, dropTables: false });
      return;
    } catch (failure) {
      const code = (failure as { code?: unknown }).code ?? (failure as { cause?: { code?: unknown } }).cause?.code;
      if (code !== "3F000" || attempt >= attempts) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Closes the connections of a database opened with openDatabase. */
export async function closeDatabase(orm: MikroORM): Promise<void> {
  await orm.close(true);
}
