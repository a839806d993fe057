import type { CounterStore } from "./counter-store.js";

/**
 * Counters of one process (the embedded default). JavaScript runs one operation at
 * a time, so each method is atomic without locks; they are exact only for a single replica.
 */
export class InProcessCounters implements CounterStore {
  private readonly values = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private current(key: string): number {
    const entry = this.values.get(key);
    if (!entry) return 0;
    if (entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return 0;
    }
    return entry.value;
  }

  private store(key: string, value: number, ttlSeconds: number): void {
    const existing = this.values.get(key);
    const expiresAt = existing && existing.expiresAt > this.now() ? existing.expiresAt : this.now() + ttlSeconds * 1000;
    this.values.set(key, { value, expiresAt });
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
    const entry = this.values.get(key);
    if (entry) entry.value = Math.max(0, entry.value - amount);
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

  async close(): Promise<void> {
    this.values.clear();
  }
}
