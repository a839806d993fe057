import { catchPlatformError } from "@platform/testing";
import { afterAll, describe, expect, it } from "vitest";
import { Idempotency, idempotencyKeyOf, requestFingerprint } from "./idempotency.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import { InMemoryIdempotencyStore } from "./idempotency-store-memory.js";
import { RedisIdempotencyStore } from "./idempotency-store-redis.js";

const created = { status: 201, body: { id: "act_1" }, headers: { location: "/api/actions/act_1" } };
const fp = (body: unknown, path = "/api/v1/actions") => requestFingerprint("POST", path, body);

function behavesLikeAnIdempotencyStore(name: string, makeStore: () => IdempotencyStore) {
  describe(`Idempotency over ${name}`, () => {
    const store = makeStore();
    const idempotency = new Idempotency(store);
    const org = `org_${Math.random().toString(36).slice(2)}`;
    afterAll(() => idempotency.close());

    it("runs the first request, then replays its answer for the same body", async () => {
      const first = await idempotency.begin(org, "key-1", fp({ a: 1 }));
      expect(first.kind).toBe("run");
      if (first.kind === "run") await first.run.finish(created);
      expect(await idempotency.begin(org, "key-1", fp({ a: 1 }))).toEqual({ kind: "replay", answer: created });
    });

    it("refuses the same key with another body or path (422 IDEMPOTENCY_KEY_REUSED)", async () => {
      const first = await idempotency.begin(org, "key-2", fp({ a: 1 }));
      if (first.kind === "run") await first.run.finish(created);
      expect((await catchPlatformError(idempotency.begin(org, "key-2", fp({ a: 2 })))).entry.key).toBe(
        "IDEMPOTENCY_KEY_REUSED",
      );
      expect(
        (await catchPlatformError(idempotency.begin(org, "key-2", fp({ a: 1 }, "/api/v1/agents")))).entry.key,
      ).toBe("IDEMPOTENCY_KEY_REUSED");
    });

    it("refuses the same key while its first request runs (409 IDEMPOTENCY_KEY_IN_USE)", async () => {
      const first = await idempotency.begin(org, "key-3", fp({ a: 1 }));
      expect((await catchPlatformError(idempotency.begin(org, "key-3", fp({ a: 1 })))).entry.key).toBe(
        "IDEMPOTENCY_KEY_IN_USE",
      );
      expect((await catchPlatformError(idempotency.begin(org, "key-3", fp({ a: 9 })))).entry.key).toBe(
        "IDEMPOTENCY_KEY_REUSED",
      );
      if (first.kind === "run") await first.run.finish(created);
      expect((await idempotency.begin(org, "key-3", fp({ a: 1 }))).kind).toBe("replay");
    });

    it("does not keep a 5xx: the retry runs again", async () => {
      const first = await idempotency.begin(org, "key-4", fp({ a: 1 }));
      if (first.kind === "run")
        await first.run.finish({
          status: 503,
          body: { error: { code: "SERVICE_UNAVAILABLE" } },
          headers: { "retry-after": "5" },
        });
      const retry = await idempotency.begin(org, "key-4", fp({ a: 1 }));
      expect(retry.kind).toBe("run");
    });

    it("keeps 4xx answers: they are final", async () => {
      const refused = { status: 403, body: { error: { code: "ACTION_DENIED" } }, headers: {} };
      const first = await idempotency.begin(org, "key-5", fp({ a: 1 }));
      if (first.kind === "run") await first.run.finish(refused);
      expect(await idempotency.begin(org, "key-5", fp({ a: 1 }))).toEqual({ kind: "replay", answer: refused });
    });

    it("scopes keys per organization", async () => {
      const first = await idempotency.begin(org, "key-6", fp({ a: 1 }));
      if (first.kind === "run") await first.run.finish(created);
      expect((await idempotency.begin(`${org}_other`, "key-6", fp({ a: 2 }))).kind).toBe("run");
    });

    it("lets exactly one of many concurrent claims of a key run", async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => idempotency.begin(org, "key-7", fp({ a: 1 }))),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled" && o.value.kind === "run")).toHaveLength(1);
    });
  });
}

behavesLikeAnIdempotencyStore("memory", () => new InMemoryIdempotencyStore());
const redisUrl = process.env["TEST_REDIS_URL"];
if (redisUrl)
  behavesLikeAnIdempotencyStore(
    "Redis",
    () => new RedisIdempotencyStore(redisUrl, `agp:test:idem:${Math.random().toString(36).slice(2)}:`),
  );
else describe.skip("Idempotency over Redis (set TEST_REDIS_URL to run)", () => it("skipped", () => undefined));

describe("InMemoryIdempotencyStore", () => {
  it("frees a claim whose request never finished once its lock expires", async () => {
    let now = 0;
    const idempotency = new Idempotency(new InMemoryIdempotencyStore(100, () => now), 1000, 60_000);
    expect((await idempotency.begin("org", "k", "fp")).kind).toBe("run");
    now = 60_001;
    expect((await idempotency.begin("org", "k", "fp")).kind).toBe("run");
  });

  it("forgets answers after their time to live", async () => {
    let now = 0;
    const idempotency = new Idempotency(new InMemoryIdempotencyStore(100, () => now), 1000, 100);
    const first = await idempotency.begin("org", "k", "fp");
    if (first.kind === "run") await first.run.finish(created);
    now = 999;
    expect((await idempotency.begin("org", "k", "fp")).kind).toBe("replay");
    now = 1001;
    expect((await idempotency.begin("org", "k", "other")).kind).toBe("run");
  });

  it("holds at most maxEntries keys, dropping the oldest", async () => {
    const store = new InMemoryIdempotencyStore(3);
    for (const key of ["a", "b", "c", "d"]) await store.claim(key, "fp", 60_000);
    expect(store.size).toBe(3);
    expect((await store.claim("a", "fp", 60_000)).kind).toBe("claimed");
  });
});

describe("idempotencyKeyOf", () => {
  it("reads the header, absent is undefined", () => {
    expect(idempotencyKeyOf({ "idempotency-key": "order-42" })).toBe("order-42");
    expect(idempotencyKeyOf({})).toBeUndefined();
  });

  it.each([[""], ["x".repeat(256)], ["tab\there"], ["é"]])(
    "refuses %j with 400 INVALID_IDEMPOTENCY_KEY",
    async (key) => {
      const refused = await catchPlatformError((async () => idempotencyKeyOf({ "idempotency-key": key }))());
      expect({ key: refused.entry.key, code: refused.entry.code, http: refused.entry.http }).toEqual({
        key: "INVALID_IDEMPOTENCY_KEY",
        code: "INVALID_FIELD_VALUE",
        http: 400,
      });
    },
  );
});
