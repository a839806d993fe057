import { afterAll, describe, expect, it } from "vitest";
import type { CounterStore } from "./counter-store.js";
import { InProcessCounters } from "./in-process-counters.js";
import { RedisCounters } from "./redis-counters.js";

const redisUrl = process.env["TEST_REDIS_URL"];
if (!redisUrl) console.warn("TEST_REDIS_URL is not set: the Redis counter tests are skipped");
const prefix = `test:${Math.random().toString(36).slice(2)}:`;
const stores: [string, () => CounterStore][] = [["in process", () => new InProcessCounters()]];
if (redisUrl) stores.push(["redis", () => new RedisCounters(redisUrl, prefix)]);

describe.each(stores)("counters (%s)", (_name, make) => {
  const store = make();
  afterAll(() => store.close());

  it("increments and reads", async () => {
    expect(await store.increment("a", 60)).toBe(1);
    expect(await store.increment("a", 60)).toBe(2);
    expect(await store.read("a")).toBe(2);
    expect(await store.read("nothing")).toBe(0);
  });

  it("reserves within a limit only, and releases", async () => {
    expect(await store.reserve("b", 600, 1000, 60)).toEqual({ reserved: true, total: 600 });
    expect(await store.reserve("b", 500, 1000, 60)).toEqual({ reserved: false, total: 600 });
    expect(await store.reserve("b", 400, 1000, 60)).toEqual({ reserved: true, total: 1000 });
    await store.release("b", 400);
    expect(await store.read("b")).toBe(600);
  });

  it("releases once per once-key, however often (and concurrently) it is asked", async () => {
    await store.reserve("d", 700, 1000, 60);
    const results = await Promise.all([1, 2, 3].map(() => store.releaseOnce("d-released-1", "d", 300, 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.read("d")).toBe(400);
    expect(await store.releaseOnce("d-released-2", "d", 300, 60)).toBe(true);
    expect(await store.read("d")).toBe(100);
  });

  it("never overspends under many concurrent reservations", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.reserve("c", 30, 1000, 60)));
    expect(results.filter((r) => r.reserved)).toHaveLength(33);
    expect(await store.read("c")).toBe(990);
  });
});

describe("in-process expiry", () => {
  it("forgets a window once its time to live passed", async () => {
    let now = 1_000;
    const store = new InProcessCounters(() => now);
    await store.increment("w", 60);
    now = 60_000;
    expect(await store.increment("w", 60)).toBe(2);
    now = 61_001;
    expect(await store.increment("w", 60)).toBe(1);
  });

  it("keeps memory bounded: past windows go, and never more than max windows are held", async () => {
    let now = 1_000;
    const store = new InProcessCounters(() => now, 50);
    for (let i = 0; i < 1_000; i++) await store.increment(`window:${i}`, 60);
    expect(store.size).toBe(50);
    // The newest windows are the ones kept.
    expect(await store.read("window:999")).toBe(1);
    expect(await store.read("window:0")).toBe(0);
    now += 61_000;
    expect(await store.read("window:999")).toBe(0);
    expect(store.size).toBe(49);
  });
});

describe.skipIf(!redisUrl)("two Redis clients (two replicas)", () => {
  it("share one budget and never exceed it together", async () => {
    const a = new RedisCounters(redisUrl!, prefix);
    const b = new RedisCounters(redisUrl!, prefix);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserve("shared", 25_000_000, 500_000_000, 60)),
    );
    expect(results.filter((r) => r.reserved)).toHaveLength(20);
    expect(await a.read("shared")).toBe(500_000_000);
    await Promise.all([a.close(), b.close()]);
  });
});
