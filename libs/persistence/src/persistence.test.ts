import { defineEntity, p } from "@mikro-orm/core";
import type { ConnectError } from "@connectrpc/connect";
import { decodePlatformError } from "@platform/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isConnectionFailure, isOptimisticLockFailure, isUniqueConstraintViolation } from "./errors.js";
import { closeDatabase, openDatabase } from "./open-database.js";
import { openTestDatabase, postgresAvailable, type TestDatabase, type TestDatabaseKind } from "./testing.js";
import { toPlatformError } from "./to-platform-error.js";

/** A string id, a unique name, a version for optimistic locking, a nullable date and JSON. */
const Widget = defineEntity({
  name: "Widget",
  tableName: "widgets",
  properties: {
    id: p.string().primary(),
    name: p.string().unique(),
    seenAt: p.datetime().nullable(),
    data: p.json<{ tags: string[] }>(),
    version: p.integer().version(),
  },
});

if (!postgresAvailable()) console.warn("TEST_DATABASE_URL is not set: the PostgreSQL persistence tests are SKIPPED");

const kinds: readonly TestDatabaseKind[] = ["sqlite", "postgresql"];

describe.each(kinds)("persistence on %s", (kind) => {
  describe.skipIf(kind === "postgresql" && !postgresAvailable())("with a test database", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase([Widget], { kind });
    });
    afterAll(async () => db?.close());

    it("round-trips an entity through forked EntityManagers, setting the version to 1", async () => {
      const em = db.orm.em.fork();
      em.create(Widget, {
        id: "w-round",
        name: "round",
        seenAt: new Date("2026-01-02T03:04:05.678Z"),
        data: { tags: ["a", "b"] },
      });
      await em.flush();
      const read = await db.orm.em.fork().findOneOrFail(Widget, { id: "w-round" });
      expect({ ...read, seenAt: read.seenAt?.toISOString() }).toEqual({
        id: "w-round",
        name: "round",
        seenAt: "2026-01-02T03:04:05.678Z",
        data: { tags: ["a", "b"] },
        version: 1,
      });
      expect(await db.orm.em.fork().findOne(Widget, { id: "w-absent" })).toBeNull();
    });

    it("stores null in a nullable date", async () => {
      const em = db.orm.em.fork();
      em.create(Widget, { id: "w-null", name: "null date", seenAt: null, data: { tags: [] } });
      await em.flush();
      expect((await db.orm.em.fork().findOneOrFail(Widget, { id: "w-null" })).seenAt).toBeNull();
    });

    it("finds nothing to change when the same target is opened again", async () => {
      const again = await openDatabase({ target: db.target, entities: [Widget] });
      try {
        expect(await again.schema.getUpdateSchemaSQL({ safe: true, dropTables: false })).toBe("");
        expect(await again.em.fork().count(Widget, { id: "w-round" })).toBe(1);
      } finally {
        await closeDatabase(again);
      }
    });

    it("refuses work on the global EntityManager (each request forks its own)", async () => {
      await expect(db.orm.em.find(Widget, {})).rejects.toThrow(/global EntityManager/);
    });

    it("classifies a duplicate as a unique violation, and nothing else", async () => {
      const em = db.orm.em.fork();
      em.create(Widget, { id: "w-dup-1", name: "duplicate", data: { tags: [] } });
      await em.flush();
      const second = db.orm.em.fork();
      second.create(Widget, { id: "w-dup-2", name: "duplicate", data: { tags: [] } });
      const failure = await second.flush().catch((e: unknown) => e);
      expect(isUniqueConstraintViolation(failure)).toBe(true);
      expect(isConnectionFailure(failure)).toBe(false);
      expect(isOptimisticLockFailure(failure)).toBe(false);
      // Unhandled by a service, it is a database error that retrying will not fix.
      expect(decodePlatformError(toPlatformError(failure) as ConnectError)?.entry.key).toBe("DATABASE_ERROR");
      expect(await db.orm.em.fork().count(Widget, { id: "w-dup-2" })).toBe(0);
    });

    it("lets only the first of two writers of one version win", async () => {
      const setup = db.orm.em.fork();
      setup.create(Widget, { id: "w-race", name: "race", data: { tags: [] } });
      await setup.flush();

      const a = db.orm.em.fork();
      const b = db.orm.em.fork();
      const byA = await a.findOneOrFail(Widget, { id: "w-race" });
      const byB = await b.findOneOrFail(Widget, { id: "w-race" });
      byA.name = "race won by a";
      byB.name = "race won by b";
      await a.flush();
      expect(byA.version).toBe(2);

      const failure = await b.flush().catch((e: unknown) => e);
      expect(isOptimisticLockFailure(failure)).toBe(true);
      expect(isUniqueConstraintViolation(failure)).toBe(false);
      expect(isConnectionFailure(failure)).toBe(false);
      const stored = await db.orm.em.fork().findOneOrFail(Widget, { id: "w-race" });
      expect({ name: stored.name, version: stored.version }).toEqual({ name: "race won by a", version: 2 });
    });

    it("rolls a failed transaction back", async () => {
      const failure = await db.orm.em
        .fork()
        .transactional(async (em) => {
          em.create(Widget, { id: "w-rolled-back", name: "rolled back", data: { tags: [] } });
          await em.flush();
          throw new Error("changed my mind");
        })
        .catch((e: unknown) => e);
      expect((failure as Error).message).toBe("changed my mind");
      expect(await db.orm.em.fork().count(Widget, { id: "w-rolled-back" })).toBe(0);
    });
  });
});

describe("an unreachable PostgreSQL server (nothing listens on port 1)", () => {
  const unreachable = {
    kind: "postgresql",
    url: "postgresql://postgres@127.0.0.1:1/none",
    schema: "unreachable",
  } as const;

  it("fails openDatabase with a connection failure that maps to 503 Database connection failed", async () => {
    const failure = await openDatabase({ target: unreachable, entities: [Widget] }).catch((e: unknown) => e);
    expect((failure as { code?: unknown }).code).toBe("ECONNREFUSED");
    expect(isConnectionFailure(failure)).toBe(true);
    expect(isUniqueConstraintViolation(failure)).toBe(false);
    const mapped = decodePlatformError(toPlatformError(failure) as ConnectError);
    expect({ key: mapped?.entry.key, detail: mapped?.entry.detail }).toEqual({
      key: "DATABASE_UNAVAILABLE",
      detail: "Database connection failed",
    });
  });
});
