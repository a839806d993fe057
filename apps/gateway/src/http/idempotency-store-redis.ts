import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRedisClient } from "@platform/counters";
import {
  claimResultOf,
  type ClaimResult,
  type IdempotencyStore,
  type StoredAnswer,
  type StoredEntry,
} from "./idempotency-store.js";

/** Replaces or deletes the entry only while it is still the pending claim of ARGV[1]. */
const ifClaimedBy = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, entry = pcall(cjson.decode, current)
if not ok or entry.state ~= 'pending' or entry.token ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`;

/**
 * Keys in Redis (REDIS_URL), shared by every gateway replica: a claim is one SET NX, so
 * two replicas receiving the same key at once cannot both run the request.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "agp:gateway:idem:",
  ) {
    // Auto-pipelining: concurrent requests' commands share one write and one read.
    this.redis = createRedisClient(url, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      enableAutoPipelining: true,
    });
  }

  async claim(key: string, fingerprint: string, lockMs: number): Promise<ClaimResult> {
    const token = randomUUID();
    const pending: StoredEntry = { state: "pending", fingerprint, token };
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.redis.set(this.prefix + key, JSON.stringify(pending), "PX", lockMs, "NX")) === "OK")
        return { kind: "claimed", token };
      const current = await this.redis.get(this.prefix + key);
      if (current) return claimResultOf(JSON.parse(current) as StoredEntry);
      // Expired or released between the two calls: try to claim again.
    }
    throw new Error("idempotency key could not be claimed");
  }

  async complete(key: string, token: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    const completed: StoredEntry = { state: "completed", fingerprint, answer };
    await this.redis.eval(ifClaimedBy, 1, this.prefix + key, token, JSON.stringify(completed), String(ttlMs));
  }

  async release(key: string, token: string): Promise<void> {
    await this.redis.eval(ifClaimedBy, 1, this.prefix + key, token, "", "0");
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
