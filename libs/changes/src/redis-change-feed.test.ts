import { afterAll, describe, expect, it } from "vitest";
import type { Change } from "./change-feed.js";
import { RedisChangeFeed } from "./redis-change-feed.js";

const redisUrl = process.env["TEST_REDIS_URL"];
if (!redisUrl) console.warn("TEST_REDIS_URL is not set: the Redis change feed tests are SKIPPED");

const until = async (check: () => boolean) => {
  const end = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.skipIf(!redisUrl)("Redis change feed (two replicas)", () => {
  const a = new RedisChangeFeed(redisUrl ?? "");
  const b = new RedisChangeFeed(redisUrl ?? "");
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("makes a listener live once subscribed, and carries one replica's changes to the other", async () => {
    const heard: Change[] = [];
    let live = false;
    b.subscribe({ onChange: (c) => heard.push(c), onReset: () => undefined, onLive: (l) => (live = l) });
    await until(() => live);
    const organizationId = `org_${Math.random().toString(36).slice(2)}`;
    await a.publish({ topic: "registry", organizationId, key: "bot-1" });
    await until(() => heard.some((c) => c.organizationId === organizationId));
    expect(heard.find((c) => c.organizationId === organizationId)).toEqual({
      topic: "registry",
      organizationId,
      key: "bot-1",
    });
  });
});
