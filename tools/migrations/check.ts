/**
 * `npm run migrate:check` (CI): for every service and both databases, applies the
 * committed migrations to a scratch database and fails when the result differs from
 * the entities (an entity changed without its migration, or a migration edited by
 * hand); then reverts every migration, checks the schema is empty again, and applies
 * them once more (each is reversible). PostgreSQL needs TEST_DATABASE_URL.
 */
import { join } from "node:path";
import { closeDatabase, describeSchema, migratorOf, openDatabase } from "@platform/persistence";
import { loadMigrations, scratchDatabase } from "./scratch.js";
import { DIALECTS, services } from "./services.js";

const problems: string[] = [];
for (const { definition, folder } of services) {
  for (const dialect of DIALECTS) {
    const label = `${definition.name} (${dialect})`;
    const committed = await loadMigrations(join(folder, dialect));
    const fromIndex = definition.migrations?.[dialect] ?? [];
    if (committed.map((m) => m.name).join() !== fromIndex.map((m) => m.name).join())
      problems.push(`${label}: index.ts does not list the folder's migrations: run npm run migrate:create`);
    // One database built by the migrations, one straight from the entities: they must look the same.
    const [migrated, expected] = [
      await scratchDatabase(dialect, definition.name),
      await scratchDatabase(dialect, definition.name),
    ];
    const orm = await openDatabase({
      target: migrated.target,
      entities: definition.entities,
      migrations: { postgresql: committed, sqlite: committed },
    });
    const reference = await openDatabase({ target: expected.target, entities: definition.entities });
    try {
      const want = await describeSchema(reference);
      const differences = (have: string[]) => [
        ...want.filter((l) => !have.includes(l)).map((l) => `  entities: ${l}`),
        ...have.filter((l) => !want.includes(l)).map((l) => `  migrations: ${l}`),
      ];
      const drift = differences(await describeSchema(orm));
      if (drift.length > 0)
        problems.push(
          `${label}: the entities and the migrations disagree (npm run migrate:create writes the next migration):\n${drift.join("\n")}`,
        );
      const migrator = migratorOf(orm);
      await migrator.down({ to: 0 });
      if ((await migrator.getExecuted()).length > 0)
        problems.push(`${label}: migrations left applied after reverting them all`);
      if ((await describeSchema(orm)).length > 0)
        problems.push(`${label}: reverting every migration left tables behind`);
      await migrator.up();
      if (differences(await describeSchema(orm)).length > 0)
        problems.push(`${label}: applying the migrations again after a full revert gives another schema`);
      console.log(`${label}: ${committed.length} migration(s); checked against the entities, reverted and reapplied`);
    } finally {
      await closeDatabase(orm);
      await closeDatabase(reference);
      await migrated.drop();
      await expected.drop();
    }
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
