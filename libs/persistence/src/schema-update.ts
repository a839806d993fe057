import type { MikroORM } from "@mikro-orm/core";
import {
  DatabaseSchema,
  type AbstractSqlConnection,
  type AbstractSqlPlatform,
  type SqlSchemaGenerator,
} from "@mikro-orm/sql";
import type { DatabaseTarget } from "./orm-config.js";

/**
 * Refusal to change a SQLite table in a way that would lose data. SQLite changes a
 * column (type, nullability), a check or a foreign key by copying the table, and
 * MikroORM's copy holds only the columns the entities map, safe mode or not.
 */
export class UnsafeSchemaChangeError extends Error {
  /** `table.column` of each column the update would have dropped. */
  readonly lostColumns: readonly string[];

  constructor(lostColumns: readonly string[]) {
    super(
      `refusing a schema update that would drop ${lostColumns.join(", ")}: SQLite copies a table to change a column, ` +
        "and the copy keeps only mapped columns. Map the columns again, or change the table in a migration of its own.",
    );
    this.name = "UnsafeSchemaChangeError";
    this.lostColumns = lostColumns;
  }
}

/** The options that make MikroORM's update additive: no dropped table, column or check. */
const SAFE = { safe: true, dropTables: false } as const;

/**
 * No longer how services get their schema (they apply versioned migrations, see
 * migrations.ts). Two uses remain: databases opened without migrations (tests of one
 * repository), and adopting a database of the release before migrations, whose
 * tables this update made, before its first migration is recorded.
 *
 * Brings the tables up to date with the entities without dropping or renaming a
 * table or a column, so a newer release never destroys what an older one (still
 * running, or rolled back to) uses. Removing a column is a migration's job.
 *
 * MikroORM's safe mode alone is not enough: when a release stops mapping one column
 * and maps a new one of the same type, its comparator takes that for a rename and
 * renames the old column (its data moves into the new one, the old release breaks).
 * So the comparison starts from the database as it is minus the columns the entities
 * do not map: those are invisible to the diff, and left alone.
 */
export async function updateSchemaSafely(orm: MikroORM, target: DatabaseTarget): Promise<void> {
  if (target.kind === "postgresql") {
    await withSchemaLock(orm, target.schema, () => retryingConcurrentDrops(() => updatePostgresql(orm, target.schema)));
  } else {
    await retryingConcurrentCreates(() => updateSqlite(orm));
  }
}

/**
 * The same additive update without the PostgreSQL lock, for a caller that holds it
 * already (adopting a database of a release before migrations, see applyMigrations).
 */
export async function updateSchemaUnlocked(orm: MikroORM, target: DatabaseTarget): Promise<void> {
  if (target.kind === "postgresql") await retryingConcurrentDrops(() => updatePostgresql(orm, target.schema));
  else await updateSqlite(orm);
}

/** Both drivers are SQL drivers; core's MikroORM type only knows the generic schema generator. */
function schemaGenerator(orm: MikroORM): SqlSchemaGenerator {
  return orm.schema as SqlSchemaGenerator;
}

async function updatePostgresql(orm: MikroORM, schema: string): Promise<void> {
  // The update would create the schema too; creating it first keeps the
  // introspection of a brand-new schema from depending on that.
  await schemaGenerator(orm).createNamespace(schema);
  const { sql } = await additiveUpdateSql(orm);
  await schemaGenerator(orm).execute(sql);
}

async function updateSqlite(orm: MikroORM): Promise<void> {
  const { sql, unmapped } = await additiveUpdateSql(orm);
  // Table copies are recognised by the temporary table MikroORM's SQLite schema
  // helper creates (`<table>__temp_alter`); a test pins that behaviour.
  const copied = [...sql.matchAll(/create table `([^`]+)__temp_alter`/g)].map((match) => match[1] ?? "");
  const lost = copied.flatMap((table) => (unmapped.get(table) ?? []).map((column) => `${table}.${column}`));
  if (lost.length > 0) throw new UnsafeSchemaChangeError(lost);
  await schemaGenerator(orm).execute(sql);
}

/**
 * MikroORM's safe update SQL, computed against the current schema with the columns
 * no entity maps removed from it. Returns those columns per table.
 */
async function additiveUpdateSql(orm: MikroORM): Promise<{ sql: string; unmapped: Map<string, string[]> }> {
  const generator = schemaGenerator(orm);
  const wanted = generator.getTargetSchema();
  const current = await DatabaseSchema.create(
    orm.em.getConnection() as AbstractSqlConnection,
    orm.em.getPlatform() as AbstractSqlPlatform,
    orm.config,
    undefined,
    wanted.getNamespaces(),
  );
  const unmapped = new Map<string, string[]>();
  for (const table of current.getTables()) {
    // Tables no entity maps stay out of the diff's reach already (dropTables: false).
    const mapped = wanted
      .getTables()
      .find((candidate) => candidate.name === table.name && candidate.schema === table.schema);
    if (!mapped) continue;
    const hidden = table
      .getColumns()
      .filter((column) => !mapped.getColumn(column.name))
      .map((column) => column.name);
    for (const column of hidden) table.removeColumn(column);
    if (hidden.length > 0) unmapped.set(table.name, hidden);
  }
  const sql = await generator.getUpdateSchemaSQL({ ...SAFE, fromSchema: current });
  return { sql, unmapped };
}

/**
 * Runs the update of one PostgreSQL schema while holding a transaction-scoped
 * advisory lock named after it. Replicas of a service start together; without the
 * lock each computes the same diff and all but one fail on "relation already
 * exists" or on a duplicate key in pg_namespace/pg_type. MikroORM has no such lock,
 * hence the one statement of SQL. The lock is held by the transaction's connection;
 * the schema generator works on other pooled connections, and the lock goes at
 * commit, once the update is done.
 */
export async function withSchemaLock(orm: MikroORM, schema: string, work: () => Promise<void>): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await em
      .getConnection()
      .execute(
        "select pg_advisory_xact_lock(hashtext(?))",
        [`platform-schema:${schema}`],
        "all",
        em.getTransactionContext(),
      );
    await work();
  });
}

/**
 * A schema dropped while the update reads the catalogue (another test run, another
 * service's cleanup) fails the read with 3F000 invalid_schema_name (or XX000 when one
 * of its tables goes between two reads). The update does
 * not depend on other schemas, so it is simply computed again.
 */
export async function retryingConcurrentDrops(update: () => Promise<void>): Promise<void> {
  // XX000 "could not open relation with OID": a table of the dropped schema vanished between two catalogue reads.
  await retrying(update, (code, message) => code === "3F000" || /could not open relation with OID/.test(message));
}

/**
 * SQLite has no advisory lock, and a table copy cannot run inside a transaction
 * (foreign keys can only be switched off outside one). Two processes opening the
 * same new file at once both try to create the tables; the loser finds them there
 * and computes the (now empty) update again.
 */
export async function retryingConcurrentCreates(update: () => Promise<void>): Promise<void> {
  await retrying(update, (_code, message) => /already exists/.test(message));
}

async function retrying(
  update: () => Promise<void>,
  retryable: (code: unknown, message: string) => boolean,
  attempts = 5,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await update();
      return;
    } catch (failure) {
      const { code, message, cause } = failure as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
      if (attempt >= attempts || !retryable(code ?? cause?.code, String(message))) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
