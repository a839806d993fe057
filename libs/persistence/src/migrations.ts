import type { Constructor, MikroORM, Options } from "@mikro-orm/core";
import { Migrator, type Migration } from "@mikro-orm/migrations";
import {
  DatabaseSchema,
  type AbstractSqlConnection,
  type AbstractSqlPlatform,
  type SqlSchemaGenerator,
} from "@mikro-orm/sql";
import type { DatabaseTarget } from "./orm-config.js";

/** A service's versioned migrations, oldest first (`migrations/<dialect>/index.ts`, generated). */
export type MigrationList = readonly { readonly name: string; readonly class: Constructor<Migration> }[];

/** The SQL differs between the two databases, so each has its own list. */
export interface ServiceMigrations {
  readonly postgresql: MigrationList;
  readonly sqlite: MigrationList;
}

/** Where each schema (or SQLite file) records the migrations applied to it. */
export const MIGRATIONS_TABLE = "mikro_orm_migrations";

export function migrationsOf(target: DatabaseTarget, migrations: ServiceMigrations): MigrationList {
  return target.kind === "postgresql" ? migrations.postgresql : migrations.sqlite;
}

/**
 * MikroORM's Migrator for a target: the committed list (no file discovery at run
 * time), each run in one transaction, and on PostgreSQL the service's schema as the
 * search path, so the unqualified SQL the migrations hold lands in that schema and
 * the migrations table lives there too.
 */
export function migratorOptions(target: DatabaseTarget, migrations: ServiceMigrations): Partial<Options> {
  return {
    extensions: [Migrator],
    migrations: {
      tableName: MIGRATIONS_TABLE,
      migrationsList: migrationsOf(target, migrations).map((m) => ({ name: m.name, class: m.class })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      ...(target.kind === "postgresql" ? { schema: target.schema } : {}),
    },
  };
}

/** The migrator of an ORM opened with {@link migratorOptions}. */
export function migratorOf(orm: MikroORM): Migrator {
  return orm.migrator as unknown as Migrator;
}

/** The `n` of a `select count(*) as n` (a string on PostgreSQL, a number on SQLite). */
function countOf(rows: unknown): number {
  return Number((rows as { n?: string | number }[])[0]?.n ?? 0);
}

/** Whether any table the entities map exists already (a database of a release before migrations). */
async function hasEntityTables(orm: MikroORM, target: DatabaseTarget): Promise<boolean> {
  const tables = [...orm.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && !meta.virtual && meta.tableName)
    .map((meta) => meta.tableName);
  const connection = orm.em.getConnection();
  const found: unknown =
    target.kind === "postgresql"
      ? await connection.execute(
          "select count(*) as n from information_schema.tables where table_schema = ? and table_name in (?)",
          [target.schema, tables],
        )
      : await connection.execute(
          `select count(*) as n from sqlite_master where type = 'table' and name in (${tables.map(() => "?").join(", ")})`,
          tables,
        );
  return countOf(found) > 0;
}

async function hasMigrationsTable(orm: MikroORM, target: DatabaseTarget): Promise<boolean> {
  const connection = orm.em.getConnection();
  const found: unknown =
    target.kind === "postgresql"
      ? await connection.execute(
          "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
          [target.schema, MIGRATIONS_TABLE],
        )
      : await connection.execute("select count(*) as n from sqlite_master where type = 'table' and name = ?", [
          MIGRATIONS_TABLE,
        ]);
  return countOf(found) > 0;
}

/**
 * Applies every pending migration and answers the names applied. A database of a
 * release before migrations (its tables made by the old additive schema update, no
 * migrations table) is first given a baseline: `adoptLegacy` brings it up to the
 * first migration's schema without losing anything, and that migration is recorded
 * as applied; the later ones then run as usual.
 */
export async function applyMigrations(
  orm: MikroORM,
  target: DatabaseTarget,
  migrations: ServiceMigrations,
  adoptLegacy: () => Promise<void>,
): Promise<string[]> {
  const list = migrationsOf(target, migrations);
  const migrator = migratorOf(orm);
  if (target.kind === "postgresql") await (orm.schema as SqlSchemaGenerator).createNamespace(target.schema);
  const first = list[0];
  if (first && !(await hasMigrationsTable(orm, target)) && (await hasEntityTables(orm, target))) {
    await adoptLegacy();
    await migrator.getStorage().ensureTable();
    await migrator.getStorage().logMigration({ name: first.name });
  }
  const applied = await migrator.up();
  return applied.map((m) => m.name);
}

/** Rolls back the last `steps` applied migrations (1 by default) and answers their names. */
export async function revertMigrations(orm: MikroORM, steps = 1): Promise<string[]> {
  const migrator = migratorOf(orm);
  const executed = await migrator.getExecuted();
  const last = executed
    .slice(-steps)
    .map((m) => m.name)
    .reverse();
  const reverted: string[] = [];
  for (const name of last) reverted.push(...(await migrator.down({ migrations: [name] })).map((m) => m.name));
  return reverted;
}

/** MikroORM's SQL to bring the database up to the entities ('' when it sees nothing to do). */
export async function schemaDrift(orm: MikroORM): Promise<string> {
  const sql = await (orm.schema as SqlSchemaGenerator).getUpdateSchemaSQL({ wrap: false });
  return sql.trim();
}

/**
 * The tables of a database as its introspection sees them, one line per column,
 * index and foreign key, sorted, without the migrations table. Two databases built
 * differently (by migrations, and from the entities) are compared through the same
 * introspection, so the check does not depend on how MikroORM's comparator treats
 * a dialect's type aliases (SQLite reports a `bigint` autoincrement key as INTEGER,
 * which its comparator takes for a change on every run).
 */
export async function describeSchema(orm: MikroORM): Promise<string[]> {
  const schema = await DatabaseSchema.create(
    orm.em.getConnection() as AbstractSqlConnection,
    orm.em.getPlatform() as AbstractSqlPlatform,
    orm.config,
  );
  const lines: string[] = [];
  for (const table of schema.getTables()) {
    if (table.name === MIGRATIONS_TABLE) continue;
    for (const c of table.getColumns())
      lines.push(
        `${table.name}.${c.name} ${c.type.toLowerCase()}${c.nullable ? " null" : " not null"}${c.default != null ? ` default ${c.default}` : ""}${c.primary ? " primary" : ""}`,
      );
    for (const i of table.getIndexes())
      lines.push(
        `${table.name} ${i.primary ? "primary key" : i.unique ? "unique" : "index"} ${i.keyName} (${i.columnNames.join(", ")})`,
      );
    for (const f of Object.values(table.getForeignKeys()))
      lines.push(
        `${table.name} foreign key (${f.columnNames.join(", ")}) -> ${f.referencedTableName} (${f.referencedColumnNames.join(", ")}) on delete ${f.deleteRule ?? ""}`,
      );
  }
  return lines.sort();
}
