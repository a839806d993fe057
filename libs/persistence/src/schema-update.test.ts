import { defineEntity, p, type EntitySchema, type MikroORM } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/sql";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "./open-database.js";
import type { DatabaseTarget } from "./orm-config.js";
import { UnsafeSchemaChangeError } from "./schema-update.js";
import { dropTestSchema, postgresAvailable, testDatabaseTarget, type TestDatabaseKind } from "./testing.js";

/** The first release of a table, with a column the later releases no longer map. */
const FirstRelease = defineEntity({
  name: "Gadget",
  tableName: "gadgets",
  properties: { id: p.string().primary(), name: p.string(), legacy: p.string().nullable() },
});

/** Drops `legacy` from the entity and adds a column: an in-place change on both databases. */
const AddsAColumn = defineEntity({
  name: "Gadget",
  tableName: "gadgets",
  properties: { id: p.string().primary(), name: p.string(), colour: p.string().nullable() },
});

/** A second table with an index, so that replicas starting together have more to race on. */
const Part = defineEntity({
  name: "Part",
  tableName: "parts",
  properties: { id: p.string().primary(), code: p.string().unique(), version: p.integer().version() },
});

/** Every column the releases above made, to read them all back. */
const AllColumns = defineEntity({
  name: "Gadget",
  tableName: "gadgets",
  properties: {
    id: p.string().primary(),
    name: p.string(),
    legacy: p.string().nullable(),
    colour: p.string().nullable(),
  },
});

/** Drops `legacy` and makes `name` nullable: SQLite can only do that by copying the table. */
const ChangesAColumn = defineEntity({
  name: "Gadget",
  tableName: "gadgets",
  properties: { id: p.string().primary(), name: p.string().nullable() },
});

/** The rows as stored, read through the entity the ORM was opened with. */
async function rows<Entity extends object>(orm: MikroORM, entity: EntitySchema<Entity>): Promise<unknown[]> {
  return (orm.em.fork() as SqlEntityManager).createQueryBuilder(entity).select("*").execute("all", false);
}

const kinds: readonly TestDatabaseKind[] = ["sqlite", "postgresql"];

describe.each(kinds)("safe schema update on %s", (kind) => {
  describe.skipIf(kind === "postgresql" && !postgresAvailable())("with a test database", () => {
    const opened: MikroORM[] = [];
    let target: DatabaseTarget | undefined;
    async function open(entities: Parameters<typeof openDatabase>[0]["entities"]): Promise<MikroORM> {
      const orm = await openDatabase({ target: target!, entities });
      opened.push(orm);
      return orm;
    }
    async function seedFirstRelease(): Promise<void> {
      target = testDatabaseTarget(kind, "upgrade");
      const first = await open([FirstRelease]);
      await first.em.fork().insert(FirstRelease, { id: "g1", name: "kept", legacy: "still needed by the old release" });
      await closeDatabase(first);
    }
    afterEach(async () => {
      for (const orm of opened.splice(0)) await closeDatabase(orm);
      if (target) await dropTestSchema(target);
      target = undefined;
    });

    it("adds a column and keeps the one the entity no longer maps, never renaming it", async () => {
      await seedFirstRelease();
      // One string column unmapped, another added: MikroORM's comparator alone takes that for a rename.
      await closeDatabase(await open([AddsAColumn]));
      const all = await open([AllColumns]);
      expect(await rows(all, AllColumns)).toEqual([
        { id: "g1", name: "kept", legacy: "still needed by the old release", colour: null },
      ]);
      expect(await all.schema.getUpdateSchemaSQL({ safe: true, dropTables: false })).toBe("");
    });

    it.runIf(kind === "sqlite")(
      "refuses a table copy that would drop an unmapped column, changing nothing",
      async () => {
        await seedFirstRelease();
        const failure = await open([ChangesAColumn]).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(UnsafeSchemaChangeError);
        expect((failure as UnsafeSchemaChangeError).lostColumns).toEqual(["gadgets.legacy"]);
        const first = await open([FirstRelease]);
        expect(await rows(first, FirstRelease)).toEqual([
          { id: "g1", name: "kept", legacy: "still needed by the old release" },
        ]);
      },
    );

    it.runIf(kind === "postgresql")("changes a column in place, keeping the unmapped column", async () => {
      await seedFirstRelease();
      await closeDatabase(await open([ChangesAColumn]));
      const first = await open([FirstRelease]);
      expect(await rows(first, FirstRelease)).toEqual([
        { id: "g1", name: "kept", legacy: "still needed by the old release" },
      ]);
    });

    it("lets replicas that start together on a new database all open it", async () => {
      target = testDatabaseTarget(kind, "replicas");
      const replicas = await Promise.allSettled(Array.from({ length: 6 }, () => open([FirstRelease, Part])));
      expect(replicas.filter((replica) => replica.status === "rejected")).toEqual([]);
      expect(opened).toHaveLength(6);
      const [one] = opened;
      expect(await one!.schema.getUpdateSchemaSQL({ safe: true, dropTables: false })).toBe("");
    });
  });
});
