import { LRUCache } from "lru-cache";
import type { CounterStore } from "./counter-store.js";

/** How many windows one process keeps at most; past it the least recently used is dropped. */
export const MAX_IN_PROCESS_COUNTERS = 100_000;

/**
 * Counters of one process (the embedded default). JavaScript runs one operation at
 * a time, so each method is atomic without locks; they are exact only for a single replica.
 * Memory is bounded (`lru-cache`): a window is forgotten when its time to live has
 * passed, and beyond `max` windows the least recently used one goes first.
 */
export class InProcessCounters implements CounterStore {
  private readonly values: LRUCache<string, number>;

  constructor(now: () => number = Date.now, max = MAX_IN_PROCESS_COUNTERS) {
    this.values = new LRUCache<string, number>({ max, ttl: 60_000, perf: { now }, ttlResolution: 0 });
  }

  private current(key: string): number {
    return this.values.get(key) ?? 0;
  }

  /** Keeps the window's first expiry: more counts never stretch a window. */
  private store(key: string, value: number, ttlSeconds: number): void {
    this.values.set(key, value, { ttl: ttlSeconds * 1000, noUpdateTTL: this.values.has(key) });
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const value = this.current(key) + 1;
    this.store(key, value, ttlSeconds);
    return value;
  }

  async reserve(key: string, amount: number, limit: number, ttlSeconds: number) {
    const total = this.current(key);
    if (total + amount > limit) return { reserved: false, total };
    this.store(key, total + amount, ttlSeconds);
    return { reserved: true, total: total + amount };
  }

  async release(key: string, amount: number): Promise<void> {
    const value = this.values.get(key);
    if (value !== undefined) this.values.set(key, Math.max(0, value - amount), { noUpdateTTL: true });
  }

  async releaseOnce(onceKey: string, key: string, amount: number, ttlSeconds: number): Promise<boolean> {
    if (this.current(onceKey) > 0) return false;
    this.store(onceKey, 1, ttlSeconds);
    await this.release(key, amount);
    return true;
  }

  async read(key: string): Promise<number> {
    return this.current(key);
  }

  /** Windows held now (expired ones may linger until touched or pushed out; never more than `max`). */
  get size(): number {
    return this.values.size;
  }

  async close(): Promise<void> {
    this.values.clear();
  }
}
