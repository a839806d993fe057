import type { Redis } from "ioredis";
import { createRedisClient } from "./redis-client.js";
import type { CounterStore } from "./counter-store.js";

/** INCR that sets the expiry only when it creates the key (fixed windows). */
const incrementScript = `
local v = redis.call('INCR', KEYS[1])
if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return v`;

/** Check-and-add in one step, so concurrent replicas can never overshoot the limit. */
const reserveScript = `
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if total + amount > tonumber(ARGV[2]) then return {0, total} end
total = redis.call('INCRBY', KEYS[1], amount)
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return {1, total}`;

const releaseScript = `
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
if total <= 0 then return 0 end
return redis.call('DECRBY', KEYS[1], math.min(total, tonumber(ARGV[1])))`;

/** The release and the "done" mark of its once-key in one step, so a second delivery finds the mark. */
const releaseOnceScript = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) == false then return 0 end
local total = tonumber(redis.call('GET', KEYS[2]) or '0')
if total > 0 then redis.call('DECRBY', KEYS[2], math.min(total, tonumber(ARGV[1]))) end
return 1`;

/**
 * Counters in Redis, shared by every replica (REDIS_URL). Amounts are integers
 * (callers count budgets in micro-dollars), so totals are exact.
 */
export class RedisCounters implements CounterStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "agp:",
  ) {
    // Auto-pipelining: the commands of the many decisions governance makes in the same tick
    // (a batch of submissions) leave in one write and come back in one read.
    this.redis = createRedisClient(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      enableAutoPipelining: true,
    });
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    return Number(await this.redis.eval(incrementScript, 1, this.prefix + key, ttlSeconds));
  }

  async reserve(key: string, amount: number, limit: number, ttlSeconds: number) {
    const [reserved, total] = (await this.redis.eval(
      reserveScript,
      1,
      this.prefix + key,
      Math.round(amount),
      Math.round(limit),
      ttlSeconds,
    )) as [number, number | string];
    return { reserved: reserved === 1, total: Number(total) };
  }

  async release(key: string, amount: number): Promise<void> {
    await this.redis.eval(releaseScript, 1, this.prefix + key, Math.round(amount));
  }

  async releaseOnce(onceKey: string, key: string, amount: number, ttlSeconds: number): Promise<boolean> {
    return (
      Number(
        await this.redis.eval(
          releaseOnceScript,
          2,
          this.prefix + onceKey,
          this.prefix + key,
          Math.round(amount),
          ttlSeconds,
        ),
      ) === 1
    );
  }

  async read(key: string): Promise<number> {
    return Number((await this.redis.get(this.prefix + key)) ?? 0);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
