import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { MikroORM, type EntitySchema } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { IN_MEMORY_SQLITE, type DatabaseTarget } from "./orm-config.js";
import { closeDatabase, openDatabase } from "./open-database.js";

/** The databases tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export type TestDatabaseKind = "sqlite" | "postgresql";

/** A database opened for one test file, with the entities' tables. */
export interface TestDatabase {
  readonly orm: MikroORM;
  /** Where it lives, to reopen it (e.g. to check that a second schema update changes nothing). */
  readonly target: DatabaseTarget;
  /** Closes the ORM, then removes the SQLite file or drops the PostgreSQL schema. */
  close(): Promise<void>;
}

/**
 * Whether TEST_DATABASE_URL names a PostgreSQL server for the tests that need one.
 * Tests use it as `describe.skipIf(!postgresAvailable())`, so a run without it
 * reports those tests as skipped rather than passing them silently.
 */
export function postgresAvailable(): boolean {
  return Boolean(process.env["TEST_DATABASE_URL"]);
}

// Temp folders made here carry this prefix, so dropTestSchema removes no folder it did not make.
const TEMP_PREFIX = "persistence-test-";

/**
 * A fresh, unused target: a SQLite file in a new temp folder, or a new schema
 * `t_<name>_<random>` on TEST_DATABASE_URL (test files run in parallel on one
 * database; the random part keeps them apart).
 */
export function testDatabaseTarget(kind: TestDatabaseKind, name = "test"): DatabaseTarget {
  if (kind === "postgresql") {
    const url = process.env["TEST_DATABASE_URL"];
    if (!url)
      throw new Error(
        "TEST_DATABASE_URL is not set: guard PostgreSQL tests with describe.skipIf(!postgresAvailable())",
      );
    return { kind, url, schema: `t_${name}_${randomBytes(5).toString("hex")}` };
  }
  return { kind, path: join(mkdtempSync(join(tmpdir(), TEMP_PREFIX)), `${name}.sqlite`) };
}

/**
 * Removes what a test database left: the PostgreSQL schema with everything in it
 * (CASCADE), or the SQLite file with its WAL and shared-memory files, and its folder
 * when testDatabaseTarget made it.
 */
export async function dropTestSchema(target: DatabaseTarget): Promise<void> {
  if (target.kind === "sqlite") {
    if (target.path === IN_MEMORY_SQLITE) return;
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${target.path}${suffix}`, { force: true });
    const folder = dirname(target.path);
    if (basename(folder).startsWith(TEMP_PREFIX)) rmSync(folder, { recursive: true, force: true });
    return;
  }
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: target.url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  try {
    // MikroORM's dropNamespace has no CASCADE, and the schema still holds the tables.
    await orm.em
      .getConnection()
      .execute(`drop schema if exists ${orm.em.getPlatform().quoteIdentifier(target.schema)} cascade`);
  } finally {
    await orm.close(true);
  }
}

/**
 * A fresh database with the entities' tables, for one test file: SQLite in a temp
 * file, or a unique schema on TEST_DATABASE_URL. close() removes it again.
 */
export async function openTestDatabase(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- entity schemas of any shape
  entities: readonly EntitySchema<any, any>[],
  options: { kind: TestDatabaseKind; debug?: boolean } = { kind: "sqlite" },
): Promise<TestDatabase> {
  const target = testDatabaseTarget(options.kind);
  let orm: MikroORM;
  try {
    orm = await openDatabase({ target, entities, debug: options.debug });
  } catch (failure) {
    await dropTestSchema(target);
    throw failure;
  }
  return {
    orm,
    target,
    async close() {
      await closeDatabase(orm);
      await dropTestSchema(target);
    },
  };
}
