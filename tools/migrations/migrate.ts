/**
 * `npm run migrate [-- up | down [--steps N] | status] [--service auth]`: the
 * migrations of every service (or one) on the database the configuration names
 * (DATABASE_URL, else the SQLite files under DATA_DIR). Services also apply pending
 * migrations when they start; this runs them ahead of a deployment, shows what is
 * applied, or reverts the last ones before rolling back a release.
 */
import { parseArgs } from "node:util";
import {
  applyMigrations,
  closeDatabase,
  databaseTargetFromEnv,
  migratorOf,
  openDatabase,
  revertMigrations,
} from "@platform/persistence";
import { services } from "./services.js";

try {
  const { values, positionals } = parseArgs({
    options: { service: { type: "string" }, steps: { type: "string", default: "1" } },
    allowPositionals: true,
    strict: true,
  });
  const command = positionals[0] ?? "up";
  if (!["up", "down", "status"].includes(command)) throw new Error(`unknown command ${command}: up, down or status`);
  const steps = Number(values.steps);
  if (!Number.isInteger(steps) || steps < 1) throw new Error("--steps must be a positive integer");
  const chosen = services.filter(({ definition }) => !values.service || definition.name === values.service);
  if (chosen.length === 0)
    throw new Error(`no service ${values.service}: ${services.map((s) => s.definition.name).join(", ")}`);
  for (const { definition } of chosen) {
    const target = databaseTargetFromEnv({ service: definition.name });
    const { migrations } = definition;
    if (!migrations) throw new Error(`${definition.name} has no migrations`);
    const orm = await openDatabase({ target, entities: definition.entities, migrations, applyMigrations: false });
    try {
      const where = target.kind === "postgresql" ? `schema ${target.schema}` : target.path;
      if (command === "up") {
        const applied = await applyMigrations(orm, target, migrations, async () => {
          throw new Error(`${where} has tables but no migrations table: start the service once to adopt it`);
        });
        console.log(
          `${definition.name} (${where}): ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`,
        );
      } else if (command === "down") {
        const reverted = await revertMigrations(orm, steps);
        console.log(
          `${definition.name} (${where}): ${reverted.length ? `reverted ${reverted.join(", ")}` : "nothing to revert"}`,
        );
      } else {
        const migrator = migratorOf(orm);
        const [executed, pending] = [await migrator.getExecuted(), await migrator.getPending()];
        console.log(
          `${definition.name} (${where}): applied ${executed.map((m) => m.name).join(", ") || "none"}; pending ${pending.map((m) => m.name).join(", ") || "none"}`,
        );
      }
    } finally {
      await closeDatabase(orm);
    }
  }
} catch (failure) {
  console.error(`migrate: ${(failure as Error).message}`);
  process.exit(1);
}
