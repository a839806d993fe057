import { closeDatabase, dropTestSchema, MIGRATIONS_TABLE, openDatabase, type DatabaseTarget } from "@platform/persistence";
import { postgresAvailable, testDatabaseTarget } from "@platform/persistence/testing";
import { describe, expect, it } from "vitest";
import { registryDefinition } from "../service.js";
import { OrganizationKillSwitchEntity } from "../persistence/organization-kill-switch-entity.js";
import { registryMigrations } from "./index.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);
const { entities } = registryDefinition;

async function appliedMigrations(target: DatabaseTarget): Promise<string[]> {
  const orm = await openDatabase({ target, entities, migrations: registryMigrations, applyMigrations: false });
  try {
    const table = target.kind === "postgresql" ? `"${target.schema}"."${MIGRATIONS_TABLE}"` : MIGRATIONS_TABLE;
    const rows = (await orm.em.getConnection().execute(`select name from ${table} order by id`)) as { name: string }[];
    return rows.map((row) => row.name);
  } finally {
    await closeDatabase(orm);
  }
}

describe.each(kinds)("versioned migrations of the registry (%s)", (kind) => {
  it("records every migration in the schema's migrations table on an empty database, once", async () => {
    const target = testDatabaseTarget(kind, "migrate");
    try {
      await closeDatabase(await openDatabase({ target, entities, migrations: registryMigrations }));
      await closeDatabase(await openDatabase({ target, entities, migrations: registryMigrations }));
      expect(await appliedMigrations(target)).toEqual(registryMigrations[kind].map((m) => m.name));
    } finally {
      await dropTestSchema(target);
    }
  });

  it("upgrades a database of the release before migrations without losing its rows", async () => {
    const target = testDatabaseTarget(kind, "upgrade");
    try {
      // The previous release: tables made from the entities by the additive schema update, and data.
      const legacy = await openDatabase({ target, entities });
      const em = legacy.em.fork();
      em.persist(em.create(OrganizationKillSwitchEntity, { organizationId: "org_old", active: true, reason: "kept across the upgrade", changedAt: new Date("2026-11-30T12:00:00Z") }));
      await em.flush();
      await closeDatabase(legacy);

      const upgraded = await openDatabase({ target, entities, migrations: registryMigrations });
      try {
        const kept = await upgraded.em.fork().findOneOrFail(OrganizationKillSwitchEntity, { organizationId: "org_old" });
        expect({ active: kept.active, reason: kept.reason }).toEqual({ active: true, reason: "kept across the upgrade" });
      } finally {
        await closeDatabase(upgraded);
      }
      expect(await appliedMigrations(target)).toEqual(registryMigrations[kind].map((m) => m.name));
    } finally {
      await dropTestSchema(target);
    }
  });
});
