import { Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { CachedStatementsSqliteDialect, STATEMENT_CACHE_SIZE } from "./cached-statements-dialect.js";

describe("CachedStatementsSqliteDialect", () => {
  let db: Kysely<Record<string, never>> | undefined;
  afterEach(async () => {
    await db?.destroy();
  });
  const open = () => (db = new Kysely({ dialect: new CachedStatementsSqliteDialect(":memory:") }));

  it("answers a reused statement with each run's own parameters", async () => {
    const kysely = open();
    await sql`create table t (id integer primary key, name text)`.execute(kysely);
    for (let i = 1; i <= 5; i++) await sql`insert into t (id, name) values (${i}, ${`n${i}`})`.execute(kysely);
    const rows = await sql<{ name: string }>`select name from t where id = ${3}`.execute(kysely);
    expect(rows.rows).toEqual([{ name: "n3" }]);
    const again = await sql<{ name: string }>`select name from t where id = ${5}`.execute(kysely);
    expect(again.rows).toEqual([{ name: "n5" }]);
  });

  it("sees a column added after a statement was cached (SQLite re-prepares it)", async () => {
    const kysely = open();
    await sql`create table t (id integer primary key)`.execute(kysely);
    await sql`insert into t (id) values (1)`.execute(kysely);
    expect((await sql`select * from t`.execute(kysely)).rows).toEqual([{ id: 1 }]);
    await sql`alter table t add column extra text default 'x'`.execute(kysely);
    expect((await sql`select * from t`.execute(kysely)).rows).toEqual([{ id: 1, extra: "x" }]);
  });

  it("keeps working past its size: the oldest statements are prepared again", async () => {
    const kysely = open();
    await sql`create table t (id integer primary key)`.execute(kysely);
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 20; i++)
      await sql.raw(`insert into t (id) values (${i})`).execute(kysely);
    await sql.raw(`insert into t (id) values (${STATEMENT_CACHE_SIZE + 100})`).execute(kysely);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(kysely);
    expect(count.rows[0]?.n).toBe(STATEMENT_CACHE_SIZE + 21);
  });

  it("streams with a statement of its own while the cached one is used", async () => {
    const kysely = open();
    await sql`create table t (id integer primary key)`.execute(kysely);
    for (let i = 1; i <= 3; i++) await sql`insert into t (id) values (${i})`.execute(kysely);
    const seen: unknown[] = [];
    for await (const row of kysely
      .selectFrom("t" as never)
      .selectAll()
      .stream())
      seen.push(row);
    expect(seen).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
