import type { EntityManager } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/sql";
import { CompiledQuery, type Compilable, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- statements name tables by entity, not by a typed schema
type AnyKysely = Kysely<any>;

/** SQL text by database (dialect and schema) and statement key. */
const texts = new Map<string, string>();

/**
 * Runs a statement of the hot path with bound parameters, in the transaction `em` is in
 * (or on its connection), building and compiling it only the first time.
 *
 * Building a Kysely query and compiling it (through MikroORM's naming plugin) costs more
 * CPU than running it on SQLite: a statement whose shape depends only on `key` (the
 * table, the columns, how many rows or values) keeps its SQL text, and later runs send
 * that text with the new `parameters`, which must be in the order the built query binds
 * them (the order its values were given). The first run checks that the count matches.
 * On SQLite the connection keeps the prepared form of each text (cached-statements-dialect).
 *
 * `build` gets MikroORM's Kysely with entity and property names (and the service's
 * schema on PostgreSQL). Rows come back with the database's column names.
 */
export async function runCached<Row = Record<string, unknown>>(
  em: EntityManager,
  /** The statement's shape; undefined when it has none worth keeping (built and compiled every time). */
  key: string | undefined,
  parameters: readonly unknown[],
  build: (db: AnyKysely) => Compilable,
): Promise<Row[]> {
  const schema = em.config.get("schema") ?? "";
  const textKey = key === undefined ? undefined : `${em.getPlatform().constructor.name}\u0000${schema}\u0000${key}`;
  let sql = textKey === undefined ? undefined : texts.get(textKey);
  let bound = parameters;
  if (sql === undefined) {
    const named = (em as unknown as SqlEntityManager).getKysely({
      tableNamingStrategy: "entity",
      columnNamingStrategy: "property",
    }) as AnyKysely;
    const compiled = build(schema ? named.withSchema(schema) : named).compile();
    sql = compiled.sql;
    if (textKey === undefined) bound = compiled.parameters;
    else if (compiled.parameters.length !== parameters.length)
      throw new Error(
        `statement '${key}' binds ${compiled.parameters.length} parameters, ${parameters.length} were given`,
      );
    else texts.set(textKey, sql);
  }
  const connection = (em as unknown as SqlEntityManager).getKysely() as AnyKysely;
  const result = await connection.executeQuery<Row>(CompiledQuery.raw(sql, [...bound]));
  return [...result.rows];
}
