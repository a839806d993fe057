/**
 * `npm run migrate:create [-- --name add_column_x]`: for every service and both
 * databases, applies the committed migrations to a scratch database, compares it
 * with the entities and writes the difference as the next migration (up and down),
 * then the folder's index.ts. Nothing is written where they already agree.
 * PostgreSQL needs TEST_DATABASE_URL (a server where scratch schemas may be made).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase, migratorOf, openDatabase } from "@platform/persistence";
import { loadMigrations, scratchDatabase, unqualify, writeIndex } from "./scratch.js";
import { DIALECTS, services } from "./services.js";

const { values } = parseArgs({ options: { name: { type: "string" } }, strict: true });
for (const { definition, folder } of services) {
  for (const dialect of DIALECTS) {
    const dir = join(folder, dialect);
    mkdirSync(dir, { recursive: true });
    const existing = await loadMigrations(dir);
    const scratch = await scratchDatabase(dialect, definition.name);
    const { target } = scratch;
    const orm = await openDatabase({
      target,
      entities: definition.entities,
      migrations: { postgresql: existing, sqlite: existing },
    });
    try {
      const name = values.name ?? (existing.length === 0 ? "initial" : "update");
      const result = await migratorOf(orm).create(dir, false, false, name);
      if (result.fileName) {
        if (target.kind === "postgresql") unqualify(join(dir, result.fileName), target.schema);
        console.log(`${definition.name} (${dialect}): wrote ${result.fileName}`);
      } else console.log(`${definition.name} (${dialect}): entities and migrations agree`);
      writeIndex(dir, dialect);
    } finally {
      await closeDatabase(orm);
      await scratch.drop();
    }
  }
}
