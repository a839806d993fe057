import { defineEntity, p } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushUnique } from "./flush-unique.js";
import { openTestDatabase, type TestDatabase } from "./testing.js";

const Named = defineEntity({
  name: "Named",
  tableName: "named",
  properties: { id: p.string().primary(), name: p.string().unique() },
});

describe("flushUnique", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase([Named], { kind: "sqlite" });
  });
  afterAll(async () => db?.close());

  it("flushes a row that breaks no unique index", async () => {
    const em = db.orm.em.fork();
    em.create(Named, { id: "n1", name: "alpha" });
    await flushUnique(em, () => new Error("conflict"));
    expect(await db.orm.em.fork().count(Named, { name: "alpha" })).toBe(1);
  });

  it("answers the caller's conflict when the unique index refuses the row", async () => {
    const em = db.orm.em.fork();
    em.create(Named, { id: "n2", name: "alpha" });
    const conflict = new Error("name taken");
    await expect(flushUnique(em, () => conflict)).rejects.toBe(conflict);
    expect(await db.orm.em.fork().count(Named, {})).toBe(1);
  });

  it("passes any other failure through unchanged", async () => {
    const em = db.orm.em.fork();
    em.create(Named, { id: "n3", name: null as unknown as string }); // NOT NULL, not a unique index
    const failure = await flushUnique(em, () => new Error("conflict")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toBe("conflict");
  });
});
