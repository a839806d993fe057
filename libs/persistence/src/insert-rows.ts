import type { EntityManager, EntitySchema } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/sql";

/**
 * Inserts rows of an entity in one multi-row INSERT with bound parameters, inside the
 * transaction `em` is in. MikroORM's own insertMany inlines every value into the SQL
 * text, so the database parses a new statement for every batch; through MikroORM's
 * Kysely (entity and property names) the statement text depends only on the number of
 * rows, and the SQLite connection reuses its prepared form. For the hot path's inserts
 * (actions, audit entries).
 *
 * Values are converted here, by each property's MikroORM type, not by the Kysely
 * plugin's `convertValues`: that one passes any object with a `kind` key through
 * unconverted (it takes it for a query node), and a client's JSON parameters may well
 * have one.
 */
export async function insertRows<Row extends object>(
  em: EntityManager,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entity: EntitySchema<Row, any>,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const properties = em.getMetadata(entity).props;
  const props = new Map<string, (typeof properties)[number]>(properties.map((prop) => [prop.name, prop]));
  const platform = em.getPlatform();
  const converted = rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      const prop = props.get(name);
      values[name] =
        value == null || !prop
          ? value
          : prop.customType
            ? prop.customType.convertToDatabaseValue(value, platform, {
                fromQuery: true,
                key: name,
                mode: "query-data",
              })
            : value instanceof Date
              ? platform.processDateProperty(value)
              : value;
    }
    return values;
  });
  const kysely = (em as unknown as SqlEntityManager).getKysely({
    tableNamingStrategy: "entity",
    columnNamingStrategy: "property",
  });
  // On PostgreSQL each service's tables live in its own schema (MikroORM's `schema` option).
  const schema = entity.meta.schema ?? em.config.get("schema");
  await (schema ? kysely.withSchema(schema) : kysely)
    .insertInto(entity.meta.className as never)
    .values(converted)
    .execute();
}
