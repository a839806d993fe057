import { Worker } from "node:worker_threads";
import { defineEntity, p, type MikroORM } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "./open-database.js";
import { inMemorySqliteTarget } from "./orm-config.js";
import { openTestDatabase, type TestDatabase } from "./testing.js";

const Note = defineEntity({
  name: "Note",
  tableName: "notes",
  properties: { id: p.string().primary(), text: p.string() },
});

async function pragmas(orm: MikroORM): Promise<Record<string, unknown>> {
  const connection = orm.em.getConnection();
  const read = async (name: string) =>
    Object.values((await connection.execute<Record<string, unknown>[]>(`pragma ${name}`))[0] ?? {})[0];
  return {
    journal_mode: await read("journal_mode"),
    foreign_keys: await read("foreign_keys"),
    busy_timeout: await read("busy_timeout"),
    synchronous: await read("synchronous"),
  };
}

/**
 * Another connection, in another thread (node:sqlite blocks the thread it runs on),
 * that holds the write lock for `holdMs` and then commits.
 */
function holdWriteLock(path: string, holdMs: number): { locked: Promise<void>; done: Promise<void> } {
  const worker = new Worker(
    `const { DatabaseSync } = require("node:sqlite");
     const { workerData, parentPort } = require("node:worker_threads");
     const db = new DatabaseSync(workerData.path);
     db.exec("begin immediate");
     db.exec("insert into notes (id, text) values ('from-worker', 'written while holding the lock')");
     parentPort.postMessage("locked");
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec("commit");
     db.close();`,
    { eval: true, workerData: { path, holdMs } },
  );
  const locked = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
  });
  return { locked, done };
}

describe("SQLite connections", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase([Note], { kind: "sqlite" });
  });
  afterAll(async () => db?.close());

  it("run in WAL mode with foreign keys on, a 5 s busy timeout and synchronous NORMAL", async () => {
    expect(await pragmas(db.orm)).toEqual({ journal_mode: "wal", foreign_keys: 1, busy_timeout: 5000, synchronous: 1 });
  });

  it("get the same settings again after a reconnect", async () => {
    await db.orm.reconnect();
    expect(await pragmas(db.orm)).toEqual({ journal_mode: "wal", foreign_keys: 1, busy_timeout: 5000, synchronous: 1 });
  });

  it("wait for another connection's write lock instead of failing with SQLITE_BUSY", async () => {
    if (db.target.kind !== "sqlite") throw new Error("unreachable");
    const other = holdWriteLock(db.target.path, 400);
    await other.locked;
    const started = Date.now();
    const em = db.orm.em.fork();
    em.create(Note, { id: "from-orm", text: "written once the lock was free" });
    await em.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await other.done;
    const ids = (await db.orm.em.fork().find(Note, {}, { orderBy: { id: "asc" } })).map((note) => note.id);
    expect(ids).toEqual(["from-orm", "from-worker"]);
  });
});

describe("an in-memory SQLite database", () => {
  it("opens with its tables and keeps rows while open", async () => {
    const orm = await openDatabase({ target: inMemorySqliteTarget(), entities: [Note] });
    try {
      const em = orm.em.fork();
      em.create(Note, { id: "n1", text: "in memory" });
      await em.flush();
      expect((await orm.em.fork().findOneOrFail(Note, { id: "n1" })).text).toBe("in memory");
      expect((await pragmas(orm)).journal_mode).toBe("memory");
    } finally {
      await closeDatabase(orm);
    }
  });
});
