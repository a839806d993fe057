import { createRequire } from "node:module";
import type { Redis, RedisOptions } from "ioredis";

/**
 * A Redis connection, with ioredis loaded on first use: only processes configured
 * with REDIS_URL pay for it (about 11 MB each), not every process that could use it.
 */
export function createRedisClient(url: string, options: RedisOptions): Redis {
  const ioredis = createRequire(import.meta.url)("ioredis") as typeof import("ioredis");
  return new ioredis.Redis(url, options);
}
