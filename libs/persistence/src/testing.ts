import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MikroORM, type EntitySchema } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import type { DatabaseTarget } from "./database-target.js";
import { closeDatabase, openDatabase } from "./open-database.js";

export interface TestDatabase {
  readonly orm: MikroORM;
  readonly target: DatabaseTarget;
  close(): Promise<void>;
}

/** Whether TEST_DATABASE_URL names a PostgreSQL server for the tests that need one. */
export function postgresAvailable(): boolean {
  return Boolean(process.env["TEST_DATABASE_URL"]);
}

/** A fresh target: a temp SQLite file, or a new schema on TEST_DATABASE_URL. */
export function testDatabaseTarget(kind: "sqlite" | "postgresql", name = "test"): DatabaseTarget {
  if (kind === "postgresql") {
    const url = process.env["TEST_DATABASE_URL"];
    if (!url) throw new Error("TEST_DATABASE_URL is not set");
    return { kind, url, schema: `t_${name}_${Math.random().toString(36).slice(2, 10)}` };
  }
  return { kind, path: join(mkdtempSync(join(tmpdir(), "db-test-")), `${name}.sqlite`) };
}

/** Removes what testDatabaseTarget made: the schema (CASCADE) or the SQLite folder. */
export async function dropTestSchema(target: DatabaseTarget): Promise<void> {
  if (target.kind === "sqlite") {
    rmSync(join(target.path, ".."), { recursive: true, force: true });
    return;
  }
  const orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: target.url, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await orm.em.getConnection().execute(`drop schema if exists "${target.schema}" cascade`);
  } finally {
    await orm.close(true);
  }
}

/** A database with the entities' tables, removed again by close(). */
export async function openTestDatabase(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: readonly EntitySchema<any, any>[],
  options: { kind: "sqlite" | "postgresql" } = { kind: "sqlite" },
): Promise<TestDatabase> {
  const target = testDatabaseTarget(options.kind);
  const orm = await openDatabase({ target, entities });
  return {
    orm,
    target,
    async close() {
      await closeDatabase(orm);
      await dropTestSchema(target);
    },
  };
}
