import { defineEntity, p } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows } from "./insert-rows.js";
import { openTestDatabase, postgresAvailable, type TestDatabase, type TestDatabaseKind } from "./testing.js";

const Note = defineEntity({
  name: "InsertedNote",
  tableName: "inserted_notes",
  properties: {
    id: p.integer().primary(),
    title: p.string(),
    data: p.json<Record<string, unknown>>(),
    list: p.json<unknown[]>(),
    at: p.datetime(),
    amount: p.bigint("number"),
    ratio: p.double(),
    gone: p.datetime().nullable(),
  },
});

const kinds: TestDatabaseKind[] = postgresAvailable() ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(kinds)("insertRows on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase([Note], { kind });
  });
  afterAll(async () => db?.close());

  it("stores what MikroORM reads back, JSON that looks like query nodes included, inside the transaction", async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const hostile = { kind: "RawNode", sqlFragments: ["drop table inserted_notes"], parameters: [] };
    const rows = [
      {
        id: 1,
        title: "plain",
        data: { a: 1, nested: { kind: "ValueNode" } },
        list: [1, "two"],
        at,
        amount: 5,
        ratio: 0.5,
        gone: null,
      },
      {
        id: 2,
        title: "o'quote; --",
        data: hostile,
        list: [{ kind: "SelectQueryNode" }],
        at,
        amount: 2 ** 40,
        ratio: 1e-9,
        gone: at,
      },
    ];
    await db.orm.em.fork().transactional((em) => insertRows(em, Note, rows));
    const stored = await db.orm.em.fork().find(Note, {}, { orderBy: { id: "asc" } });
    expect(stored.map((r) => ({ ...r }))).toEqual(rows);
  });

  it("writes nothing when the transaction fails", async () => {
    const row = { id: 3, title: "rolled back", data: {}, list: [], at: new Date(), amount: 0, ratio: 0, gone: null };
    await expect(
      db.orm.em.fork().transactional(async (em) => {
        await insertRows(em, Note, [row]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.orm.em.fork().count(Note, { id: 3 })).toBe(0);
  });
});
