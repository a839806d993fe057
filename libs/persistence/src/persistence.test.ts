import { defineEntity, p } from "@mikro-orm/core";
import { ConnectError } from "@connectrpc/connect";
import { decodePlatformError } from "@platform/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargetFromEnv } from "./database-target.js";
import { isConnectionFailure, isOptimisticLockFailure, isUniqueConstraintViolation } from "./driver-errors.js";
import { closeDatabase, openDatabase } from "./open-database.js";
import { decodeCursor, encodeCursor, pageSize } from "./pagination.js";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "./testing.js";
import { toPlatformError } from "./to-platform-error.js";

const Widget = defineEntity({
  name: "Widget",
  tableName: "widgets",
  properties: {
    id: p.string().primary(),
    name: p.string().unique(),
    seenAt: p.datetime().nullable(),
    data: p.json<Record<string, unknown>>(),
    version: p.integer().version(),
  },
});

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);
if (!postgresAvailable()) console.warn("TEST_DATABASE_URL is not set: PostgreSQL persistence tests are skipped");

describe.each(kinds)("persistence on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await openTestDatabase([Widget], { kind }); });
  afterAll(async () => db?.close());

  it("round-trips an entity through a forked EntityManager", async () => {
    const em = db.orm.em.fork();
    em.persist(em.create(Widget, { id: "w1", name: "first", seenAt: new Date("2026-01-01T00:00:00Z"), data: { a: [1, 2] }, version: 1 }));
    await em.flush();
    const read = await db.orm.em.fork().findOneOrFail(Widget, { id: "w1" });
    expect(read).toMatchObject({ name: "first", data: { a: [1, 2] } });
    expect(read.seenAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("updates the schema idempotently when reopened", async () => {
    const again = await openDatabase({ target: db.target, entities: [Widget] });
    expect(await again.em.fork().count(Widget, {})).toBe(1);
    await closeDatabase(again);
  });

  it("classifies a duplicate as a unique violation", async () => {
    const em = db.orm.em.fork();
    em.persist(em.create(Widget, { id: "w2", name: "first", seenAt: null, data: {}, version: 1 }));
    const failure = await em.flush().catch((e: unknown) => e);
    expect(isUniqueConstraintViolation(failure)).toBe(true);
    expect(isConnectionFailure(failure)).toBe(false);
    // Unhandled by a service, it is a database error that retrying will not fix.
    expect(decodePlatformError(toPlatformError(failure) as ConnectError)?.entry.key).toBe("DATABASE_ERROR");
  });

  it("lets only the first of two writers of one version win", async () => {
    const a = db.orm.em.fork();
    const b = db.orm.em.fork();
    const wa = await a.findOneOrFail(Widget, { id: "w1" });
    const wb = await b.findOneOrFail(Widget, { id: "w1" });
    wa.name = "by a";
    wb.name = "by b";
    await a.flush();
    const failure = await b.flush().catch((e: unknown) => e);
    expect(isOptimisticLockFailure(failure)).toBe(true);
    expect((await db.orm.em.fork().findOneOrFail(Widget, { id: "w1" })).name).toBe("by a");
  });
});

describe.skipIf(!postgresAvailable())("an unreachable database", () => {
  it("is a connection failure and maps to 503 Database connection failed", async () => {
    const failure = await openDatabase({ target: { kind: "postgresql", url: "postgresql://postgres@127.0.0.1:1/none", schema: "x" }, entities: [Widget] }).catch((e: unknown) => e);
    expect(isConnectionFailure(failure)).toBe(true);
    const mapped = decodePlatformError(toPlatformError(failure) as ConnectError);
    expect(mapped?.entry.key).toBe("DATABASE_UNAVAILABLE");
    expect(mapped?.entry.detail).toBe("Database connection failed");
  });
});

describe("configuration and pagination", () => {
  it("picks PostgreSQL from DATABASE_URL, else a SQLite file per service", () => {
    expect(databaseTargetFromEnv({ service: "auth", env: { DATABASE_URL: "postgresql://h/db" } })).toEqual({ kind: "postgresql", url: "postgresql://h/db", schema: "auth" });
    const sqlite = databaseTargetFromEnv({ service: "auth", env: { DATA_DIR: "/tmp/platform-data-test" } });
    expect(sqlite).toEqual({ kind: "sqlite", path: "/tmp/platform-data-test/auth.sqlite" });
  });

  it("pages 50 by default, at most 500", () => {
    expect([pageSize(0), pageSize(10), pageSize(900)]).toEqual([50, 10, 500]);
  });

  it("round-trips cursors and refuses foreign ones", () => {
    const at = new Date("2026-02-03T04:05:06.007Z");
    expect(decodeCursor(encodeCursor({ createdAt: at, id: "act_1" }))).toEqual({ createdAt: at, id: "act_1" });
    expect(decodeCursor("")).toBeUndefined();
    expect(() => decodeCursor("not-a-cursor")).toThrow(/cursor is not one this API issued|Invalid value/);
  });
});
