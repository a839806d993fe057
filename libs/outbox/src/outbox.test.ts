import { defineEntity, p, type MikroORM } from "@mikro-orm/core";
import {
  openTestDatabase,
  postgresAvailable,
  type TestDatabase,
  type TestDatabaseKind,
} from "@platform/persistence/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyOnce, pruneProcessed } from "./apply-once.js";
import { enqueue } from "./enqueue.js";
import { inboxEntities, outboxEntities, OutboxMessageEntity, ProcessedMessageEntity } from "./entities.js";
import { backoffMs, OutboxRelay, type DeliveredMessage } from "./relay.js";

/** A sender's own table, changed in the same transaction as the message. */
const NoteEntity = defineEntity({
  name: "Note",
  tableName: "notes",
  properties: { id: p.string().primary(), text: p.string() },
});

function outboxSuite(kind: TestDatabaseKind) {
  describe(`outbox on ${kind}`, () => {
    let db: TestDatabase;
    let orm: MikroORM;
    let clock: number;
    const now = () => new Date(clock);
    const relay = (handlers: Record<string, (m: DeliveredMessage) => Promise<void>>) =>
      new OutboxRelay(orm, handlers, { now, initialBackoffMs: 1000, maxBackoffMs: 8000 });

    beforeAll(async () => {
      db = await openTestDatabase([NoteEntity, ...outboxEntities, ...inboxEntities], { kind });
      orm = db.orm;
    });
    afterAll(async () => db?.close());
    beforeEach(async () => {
      clock = Date.parse("2026-01-01T00:00:00Z");
      await orm.em.fork().nativeDelete(OutboxMessageEntity, {});
    });

    it("writes the message in the sender's transaction, and not at all when it rolls back", async () => {
      const em = orm.em.fork();
      em.persist(em.create(NoteEntity, { id: "n1", text: "kept" }));
      const id = enqueue(em, "note.created", { id: "n1" }, { now: now() });
      await em.flush();
      await expect(
        orm.em.fork().transactional(async (tx) => {
          tx.persist(tx.create(NoteEntity, { id: "n2", text: "rolled back" }));
          enqueue(tx, "note.created", { id: "n2" }, { now: now() });
          await tx.flush();
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      const rows = await orm.em.fork().find(OutboxMessageEntity, {});
      expect(rows.map((r) => ({ id: r.id, payload: r.payload }))).toEqual([{ id, payload: { id: "n1" } }]);
    });

    it("delivers in enqueue order and deletes what was delivered", async () => {
      const em = orm.em.fork();
      for (let i = 0; i < 5; i++) enqueue(em, "t", { i }, { now: now() });
      await em.flush();
      const seen: unknown[] = [];
      const r = relay({ t: async (m) => void seen.push(m.payload) });
      expect(await r.deliverNow()).toBe(5);
      expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
      expect(await r.pending()).toBe(0);
    });

    it("retries a failed message with backoff and holds back the later ones of its key", async () => {
      const em = orm.em.fork();
      enqueue(em, "t", { n: 1 }, { orderingKey: "org_a", now: now() });
      enqueue(em, "t", { n: 2 }, { orderingKey: "org_a", now: now() });
      enqueue(em, "t", { n: 3 }, { orderingKey: "org_b", now: now() });
      await em.flush();
      let down = true;
      const seen: unknown[] = [];
      const r = relay({
        t: async (m) => {
          if (down && (m.payload as { n: number }).n === 1) throw new Error("receiver down");
          seen.push(m.payload);
        },
      });
      expect(await r.deliverNow()).toBe(1); // only org_b's; org_a waits behind its first message
      expect(seen).toEqual([{ n: 3 }]);
      expect(await r.deliverNow()).toBe(0); // backing off: not yet due
      down = false;
      clock += 999;
      expect(await r.deliverNow()).toBe(0);
      clock += 1;
      expect(await r.deliverNow()).toBe(2);
      expect(seen).toEqual([{ n: 3 }, { n: 1 }, { n: 2 }]);
    });

    it("survives a restart: a new relay delivers what an earlier one left", async () => {
      const em = orm.em.fork();
      enqueue(em, "t", { n: 1 }, { now: now() });
      await em.flush();
      const first = relay({
        t: async () => {
          throw new Error("receiver down");
        },
      });
      await first.deliverNow();
      await first.stop(100);
      clock += 60_000;
      const seen: unknown[] = [];
      expect(await relay({ t: async (m) => void seen.push(m.payload) }).deliverNow()).toBe(1);
      expect(seen).toEqual([{ n: 1 }]);
    });

    it("frees the messages of a relay that died mid-delivery once its lease ends", async () => {
      const em = orm.em.fork();
      enqueue(em, "t", { n: 1 }, { now: now() });
      await em.flush();
      // A relay claims, then never finishes (its process died).
      await orm.em
        .fork()
        .nativeUpdate(OutboxMessageEntity, {}, { claimToken: "dead", claimedUntil: new Date(clock + 30_000) });
      const seen: unknown[] = [];
      const r = relay({ t: async (m) => void seen.push(m.payload) });
      expect(await r.deliverNow()).toBe(0);
      clock += 30_001;
      expect(await r.deliverNow()).toBe(1);
    });

    it("two relays (replicas) on one database deliver every message once", async () => {
      const em = orm.em.fork();
      for (let i = 0; i < 60; i++) enqueue(em, "t", { i }, { orderingKey: `k${i % 6}`, now: now() });
      await em.flush();
      const seen: number[] = [];
      const handler = async (m: DeliveredMessage) => void seen.push((m.payload as { i: number }).i);
      const a = new OutboxRelay(orm, { t: handler }, { now, batchSize: 7 });
      const b = new OutboxRelay(orm, { t: handler }, { now, batchSize: 7 });
      for (let round = 0; round < 30 && seen.length < 60; round++) await Promise.all([a.deliverNow(), b.deliverNow()]);
      expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      for (let k = 0; k < 6; k++) {
        const ofKey = seen.filter((i) => i % 6 === k);
        expect(ofKey).toEqual([...ofKey].sort((x, y) => x - y));
      }
    });

    it("an unknown topic is retried, not dropped", async () => {
      const em = orm.em.fork();
      enqueue(em, "nobody", {}, { now: now() });
      await em.flush();
      expect(await relay({}).deliverNow()).toBe(0);
      expect((await orm.em.fork().findOneOrFail(OutboxMessageEntity, { topic: "nobody" })).lastError).toContain(
        "no handler",
      );
    });

    it("applyOnce applies a redelivered message once", async () => {
      let applied = 0;
      const apply = () =>
        orm.em.fork().transactional((tx) =>
          applyOnce(tx, "msg_1", "t", async () => {
            applied++;
          }),
        );
      expect(await apply()).toBe(true);
      expect(await apply()).toBe(false);
      expect(applied).toBe(1);
      expect(await orm.em.fork().count(ProcessedMessageEntity, { id: "msg_1" })).toBe(1);
    });

    it("pruneProcessed forgets only the ids applied before the cut-off", async () => {
      const old = new Date("2026-01-01T00:00:00Z");
      const recent = new Date("2026-01-09T00:00:00Z");
      for (const [id, at] of [
        ["msg_old", old],
        ["msg_recent", recent],
      ] as const) {
        await orm.em.fork().transactional((tx) => applyOnce(tx, id, "t", async () => undefined, at));
      }
      expect(await pruneProcessed(orm.em.fork(), new Date("2026-01-05T00:00:00Z"))).toBe(1);
      expect(await orm.em.fork().count(ProcessedMessageEntity, { id: "msg_old" })).toBe(0);
      expect(await orm.em.fork().count(ProcessedMessageEntity, { id: "msg_recent" })).toBe(1);
    });
  });
}

outboxSuite("sqlite");
describe.skipIf(!postgresAvailable())("PostgreSQL (TEST_DATABASE_URL)", () => outboxSuite("postgresql"));

describe("backoffMs", () => {
  it("doubles from the initial delay up to the maximum", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, 250, 5000))).toEqual([250, 500, 1000, 2000, 4000, 5000]);
  });
});
