import { describe, expect, it } from "vitest";
import { keyedId, OwnedCache, type Loaded } from "./owned-cache.js";

type V = { v: number };
const wrap = (organizationId: string, load: () => Promise<V>, ttlMs?: number) => async (): Promise<Loaded<V>> => ({
  value: await load(),
  organizationId,
  ttlMs,
});

const topic = "registry";

function liveCache() {
  const cache = new OwnedCache<V>({ topic });
  cache.onLive(true);
  return cache;
}

describe("OwnedCache", () => {
  it("loads once and answers the copy until the owner announces a change of that key", async () => {
    const cache = liveCache();
    let loads = 0;
    const load = async () => ({ v: ++loads });
    expect(await cache.get(keyedId("org_a", "bot"), wrap("org_a", load))).toEqual({ v: 1 });
    expect(await cache.get(keyedId("org_a", "bot"), wrap("org_a", load))).toEqual({ v: 1 });
    cache.onChange({ topic, organizationId: "org_a", key: "bot" });
    expect(await cache.get(keyedId("org_a", "bot"), wrap("org_a", load))).toEqual({ v: 2 });
  });

  it("forgets a whole organization on a change without a key, and leaves other organizations", async () => {
    const cache = liveCache();
    await cache.get(
      keyedId("org_a", "one"),
      wrap("org_a", async () => ({ v: 1 })),
    );
    await cache.get(
      keyedId("org_a", "two"),
      wrap("org_a", async () => ({ v: 2 })),
    );
    await cache.get(
      keyedId("org_b", "one"),
      wrap("org_b", async () => ({ v: 3 })),
    );
    cache.onChange({ topic, organizationId: "org_a", key: "" });
    expect(cache.size).toBe(1);
    expect(
      await cache.get(
        keyedId("org_b", "one"),
        wrap("org_b", async () => ({ v: 99 })),
      ),
    ).toEqual({ v: 3 });
  });

  it("ignores other owners' topics", async () => {
    const cache = liveCache();
    await cache.get(
      keyedId("org_a", "one"),
      wrap("org_a", async () => ({ v: 1 })),
    );
    cache.onChange({ topic: "auth", organizationId: "", key: "" });
    expect(cache.size).toBe(1);
  });

  it("does not keep a load that raced a change: it may have read the old state", async () => {
    const cache = liveCache();
    let release!: () => void;
    const slow = cache.get(
      keyedId("org_a", "bot"),
      wrap("org_a", () => new Promise<V>((resolve) => (release = () => resolve({ v: 1 })))),
    );
    cache.onChange({ topic, organizationId: "org_b", key: "other" });
    release();
    expect(await slow).toEqual({ v: 1 });
    expect(cache.size).toBe(0);
  });

  it("keeps nothing while the owner's notices are not live, and forgets all on a reset", async () => {
    const cache = new OwnedCache<V>({ topic });
    await cache.get(
      keyedId("org_a", "bot"),
      wrap("org_a", async () => ({ v: 1 })),
    );
    expect(cache.size).toBe(0);
    cache.onLive(true);
    await cache.get(
      keyedId("org_a", "bot"),
      wrap("org_a", async () => ({ v: 1 })),
    );
    expect(cache.size).toBe(1);
    cache.onReset();
    expect(cache.size).toBe(0);
  });

  it("keeps an entry no longer than the ttl given with it, and not at all for a ttl of 0", async () => {
    const cache = liveCache();
    await cache.get(
      keyedId("org_a", "expired"),
      wrap("org_a", async () => ({ v: 1 }), 0),
    );
    expect(cache.size).toBe(0);
    await cache.get(
      keyedId("org_a", "short"),
      wrap("org_a", async () => ({ v: 1 }), 1),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(
      await cache.get(
        keyedId("org_a", "short"),
        wrap("org_a", async () => ({ v: 2 })),
      ),
    ).toEqual({ v: 2 });
  });
});
