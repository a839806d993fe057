import type { EntityManager, EntitySchema } from "@mikro-orm/core";
import { runCached } from "./cached-statements.js";

/**
 * Inserts rows of an entity in one multi-row INSERT with bound parameters, inside the
 * transaction `em` is in. MikroORM's own insertMany inlines every value into the SQL
 * text, so the database parses a new statement for every batch; through MikroORM's
 * Kysely (entity and property names) the statement text depends only on the number of
 * rows: it is compiled once per row count (`runCached`), and the SQLite connection
 * reuses its prepared form. For the hot path's inserts
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
  // Rows with the same columns (the usual case: one entity's rows, made alike) make a
  // statement whose shape is the table, the columns and the row count. Kysely leaves an
  // undefined value out (the column's default), so such rows are compiled as they are.
  const columns = Object.keys(converted[0] ?? {});
  const alike = converted.every(
    (row) => Object.keys(row).length === columns.length && columns.every((c) => c in row && row[c] !== undefined),
  );
  const parameters = converted.flatMap((row) => columns.map((column) => row[column]));
  await runCached(
    em,
    alike ? `insert ${entity.meta.className} ${rows.length} ${columns.join(",")}` : undefined,
    parameters,
    (db) => db.insertInto(entity.meta.className).values(converted),
  );
}
