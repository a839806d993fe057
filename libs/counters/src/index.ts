import type { CounterStore } from "./counter-store.js";
import { InProcessCounters } from "./in-process-counters.js";
import { RedisCounters } from "./redis-counters.js";

export type { CounterStore } from "./counter-store.js";
export { fixedWindow, type FixedWindow } from "./fixed-window.js";
export { InProcessCounters } from "./in-process-counters.js";
export { RedisCounters } from "./redis-counters.js";

/** Redis when REDIS_URL is set (shared by replicas), otherwise this process's memory. */
export function countersFromEnv(env: NodeJS.ProcessEnv = process.env, prefix?: string): CounterStore {
  const url = env["REDIS_URL"];
  return url ? new RedisCounters(url, prefix) : new InProcessCounters();
}
export { createRedisClient } from "./redis-client.js";
