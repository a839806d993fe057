import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { MikroORM, defineEntity, p } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { describe, expect, it } from "vitest";
import { openTestDatabase, postgresAvailable } from "./testing.js";

const Thing = defineEntity({ name: "Thing", tableName: "things", properties: { id: p.string().primary() } });

describe("openTestDatabase", () => {
  it("gives SQLite a fresh temp file, removed with its folder on close", async () => {
    const db = await openTestDatabase([Thing], { kind: "sqlite" });
    if (db.target.kind !== "sqlite") throw new Error("expected a SQLite target");
    const { path } = db.target;
    expect(existsSync(path)).toBe(true);
    expect(await db.orm.em.fork().count(Thing, {})).toBe(0);
    await db.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
  });

  it.skipIf(!postgresAvailable())("gives PostgreSQL a unique t_ schema, dropped with its tables on close", async () => {
    const first = await openTestDatabase([Thing], { kind: "postgresql" });
    const second = await openTestDatabase([Thing], { kind: "postgresql" });
    if (first.target.kind !== "postgresql" || second.target.kind !== "postgresql")
      throw new Error("expected PostgreSQL targets");
    expect(first.target.schema).toMatch(/^t_test_[0-9a-f]{10}$/);
    expect(second.target.schema).not.toBe(first.target.schema);
    const { schema } = first.target;
    await first.close();
    await second.close();

    const probe = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: process.env["TEST_DATABASE_URL"],
      entities: [],
      discovery: { warnWhenNoEntities: false },
    });
    try {
      const found = await probe.em
        .getConnection()
        .execute("select count(*)::int as n from information_schema.schemata where schema_name = ?", [schema]);
      expect(found).toEqual([{ n: 0 }]);
    } finally {
      await probe.close(true);
    }
  });
});
