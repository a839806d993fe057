import { defineEntity, p } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCached } from "./cached-statements.js";
import { insertRows } from "./insert-rows.js";
import { openTestDatabase, postgresAvailable, type TestDatabase, type TestDatabaseKind } from "./testing.js";

const Counter = defineEntity({
  name: "CachedCounter",
  tableName: "cached_counters",
  properties: {
    name: p.string().primary(),
    totalCount: p.integer(),
  },
});

const kinds: TestDatabaseKind[] = postgresAvailable() ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(kinds)("runCached on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase([Counter], { kind });
    await db.orm.em.fork().transactional((em) =>
      insertRows(em, Counter, [
        { name: "a", totalCount: 1 },
        { name: "b", totalCount: 2 },
      ]),
    );
  });
  afterAll(async () => db?.close());

  const bump = (name: string, by: number) => (em: Parameters<typeof runCached>[0]) =>
    runCached(em, "bump counter", [by, name], (q) =>
      q.updateTable("CachedCounter").set({ totalCount: by }).where("name", "=", name),
    );
  const read = async (name: string) =>
    (await db.orm.em.fork().findOneOrFail(Counter, { name }, { disableIdentityMap: true })).totalCount;

  it("runs the statement it built first with each run's own parameters", async () => {
    await bump("a", 10)(db.orm.em.fork());
    // The same key again: the kept text, with these values (not the first run's).
    await bump("b", 20)(db.orm.em.fork());
    expect([await read("a"), await read("b")]).toEqual([10, 20]);
  });

  it("reads rows back by their column names", async () => {
    const rows = await runCached(db.orm.em.fork(), "counters by name", ["a"], (q) =>
      q.selectFrom("CachedCounter").select(["name", "totalCount"]).where("name", "=", "a"),
    );
    expect(rows).toEqual([{ name: "a", total_count: 10 }]);
  });

  it("runs inside the caller's transaction: nothing stays when it fails", async () => {
    await expect(
      db.orm.em.fork().transactional(async (em) => {
        await bump("a", 99)(em);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await read("a")).toBe(10);
  });

  it("refuses parameters that do not match what the statement binds", async () => {
    await expect(
      runCached(db.orm.em.fork(), "counter by name, miscounted", ["a", "extra"], (q) =>
        q.selectFrom("CachedCounter").select(["name"]).where("name", "=", "a"),
      ),
    ).rejects.toThrow(/binds 1 parameters, 2 were given/);
  });
});
