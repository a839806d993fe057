import type { EntityManager, EntitySchema } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/sql";

/**
 * Inserts rows of an entity in one multi-row INSERT with bound parameters, inside the
 * transaction `em` is in. MikroORM's own insertMany inlines every value into the SQL
 * text, so the database parses a new statement for every batch; through MikroORM's
 * Kysely (entity and property names, values converted by the entity's types) the
 * statement text depends only on the number of rows, and the SQLite connection reuses
 * its prepared form. For the hot path's inserts (actions, audit entries).
 */
export async function insertRows<Row extends object>(
  em: EntityManager,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entity: EntitySchema<Row, any>,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const kysely = (em as unknown as SqlEntityManager).getKysely({
    tableNamingStrategy: "entity",
    columnNamingStrategy: "property",
    convertValues: true,
  });
  // On PostgreSQL each service's tables live in its own schema (MikroORM's `schema` option).
  const schema = entity.meta.schema ?? em.config.get("schema");
  await (schema ? kysely.withSchema(schema) : kysely)
    .insertInto(entity.meta.className as never)
    .values(rows)
    .execute();
}
