import { createServer, type AddressInfo, type Server } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DriverException, MikroORM, defineEntity, p } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import type { SqlEntityManager } from "@mikro-orm/sql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isConnectionFailure, isOptimisticLockFailure, isUniqueConstraintViolation } from "./errors.js";
import { closeDatabase, openDatabase } from "./open-database.js";
import { openTestDatabase, postgresAvailable, type TestDatabase, type TestDatabaseKind } from "./testing.js";

const Probe = defineEntity({ name: "Probe", tableName: "probes", properties: { id: p.string().primary() } });

const classify = (failure: unknown) => ({
  connection: isConnectionFailure(failure),
  unique: isUniqueConstraintViolation(failure),
  optimisticLock: isOptimisticLockFailure(failure),
});
const none = { connection: false, unique: false, optimisticLock: false };
const connectionOnly = { ...none, connection: true };

describe("isConnectionFailure on real driver errors", () => {
  let orm: MikroORM | undefined;
  let server: Server | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    if (orm) await closeDatabase(orm);
    server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    orm = server = folder = undefined;
  });

  it("is true for a refused PostgreSQL connection reported by an EntityManager query", async () => {
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: "postgresql://postgres@127.0.0.1:1/none",
      entities: [Probe],
    });
    const failure = await orm.em
      .fork()
      .find(Probe, {})
      .catch((e: unknown) => e);
    // MikroORM wraps it in a plain DriverException (not a ConnectionException): the code tells.
    expect(failure).toBeInstanceOf(DriverException);
    expect((failure as { code?: unknown }).code).toBe("ECONNREFUSED");
    expect(classify(failure)).toEqual(connectionOnly);
  });

  it("is true when the server hangs up (node-postgres: Connection terminated unexpectedly)", async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: `postgresql://postgres@127.0.0.1:${port}/none`,
      entities: [Probe],
    });
    const failure = await orm.em
      .fork()
      .find(Probe, {})
      .catch((e: unknown) => e);
    expect((failure as Error).message).toBe("Connection terminated unexpectedly");
    expect(classify(failure)).toEqual(connectionOnly);
  });

  it("is true when a SQLite file cannot be opened", async () => {
    folder = mkdtempSync(join(tmpdir(), "persistence-errors-"));
    const failure = await openDatabase({
      target: { kind: "sqlite", path: join(folder, "missing-folder", "x.sqlite") },
      entities: [Probe],
    }).catch((e: unknown) => e);
    expect((failure as Error).message).toBe("unable to open database file");
    expect(classify(failure)).toEqual(connectionOnly);
  });

  it("is false for errors that are not the database's", () => {
    expect(classify(new Error("connection refused, but not by a driver"))).toEqual(none);
    expect(classify(undefined)).toEqual(none);
    expect(classify("ECONNREFUSED")).toEqual(none);
  });

  it("follows causes: a wrapped connection failure is still one", async () => {
    const refused = await openDatabase({
      target: { kind: "postgresql", url: "postgresql://postgres@127.0.0.1:1/none", schema: "x" },
      entities: [Probe],
    }).catch((e: unknown) => e);
    expect(isConnectionFailure(new Error("could not load the user", { cause: refused }))).toBe(true);
  });
});

const kinds: readonly TestDatabaseKind[] = ["sqlite", "postgresql"];

describe.each(kinds)("classification of other failures on %s", (kind) => {
  describe.skipIf(kind === "postgresql" && !postgresAvailable())("with a test database", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase([Probe], { kind });
    });
    afterAll(async () => db?.close());

    it("classifies a syntax error as none of the three", async () => {
      const failure = await (db.orm.em.fork() as SqlEntityManager).execute("selec 1").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DriverException);
      expect(classify(failure)).toEqual(none);
    });
  });
});

describe.skipIf(!postgresAvailable())("a PostgreSQL connection terminated by the server", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase([Probe], { kind: "postgresql" });
  });
  afterAll(async () => db?.close());

  /** Runs `select pg_sleep(3)` through `run` and has the server terminate that backend (57P01) meanwhile. */
  async function terminatedWhileSleeping(run: (sql: string) => Promise<unknown>): Promise<unknown> {
    const tag = `victim_${Math.random().toString(36).slice(2)}`;
    const sleeping = run(`select pg_sleep(3) /* ${tag} */`).then(
      () => undefined,
      (e: unknown) => e,
    );
    const connection = db.orm.em.getConnection();
    // Only the backend running the tagged statement: the one this test started.
    for (let attempt = 0; attempt < 50; attempt++) {
      const [row] = await connection.execute<{ n: number }[]>(
        "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where query like ? and pid <> pg_backend_pid()",
        [`%${tag}%`],
      );
      if (row?.n === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return sleeping;
  }

  it("is a connection failure (57P01 admin_shutdown)", async () => {
    const failure = await terminatedWhileSleeping((sql) => (db.orm.em.fork() as SqlEntityManager).execute(sql));
    expect((failure as { code?: unknown }).code).toBe("57P01");
    expect(classify(failure)).toEqual(connectionOnly);
  });

  it("leaves closeDatabase bounded when the dead connection was inside a transaction", async () => {
    const orm = await openDatabase({ target: db.target, entities: [Probe] });
    const failure = await terminatedWhileSleeping((sql) =>
      orm.em.fork().transactional((em) => em.getConnection().execute(sql, [], "all", em.getTransactionContext())),
    );
    expect(classify(failure)).toEqual(connectionOnly);
    const started = Date.now();
    // kysely-org/kysely#1990: the failed rollback never releases the pooled connection, so
    // the pool's end would wait forever; closeDatabase gives up after its timeout instead.
    const closed = await closeDatabase(orm, { timeoutMs: 500 });
    expect(typeof closed).toBe("boolean");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
