/**
 * Atomic counters for rate limits and budgets. Every operation is one atomic step
 * in the store, so replicas sharing a store (Redis) never see a half-done update.
 */
export interface CounterStore {
  /** Adds 1 to `key` (created with a time to live) and answers the new count. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /**
   * Adds `amount` to `key` only if the total stays within `limit`; answers whether it
   * did and the total after (or the unchanged total when refused).
   */
  reserve(
    key: string,
    amount: number,
    limit: number,
    ttlSeconds: number,
  ): Promise<{ readonly reserved: boolean; readonly total: number }>;
  /** Takes back an earlier reservation (the action was refused later in the pipeline). */
  release(key: string, amount: number): Promise<void>;
  /**
   * Takes back `amount` from `key` only the first time `onceKey` is used (kept for
   * `ttlSeconds`); answers whether it did. For releases that may be delivered twice.
   */
  releaseOnce(onceKey: string, key: string, amount: number, ttlSeconds: number): Promise<boolean>;
  /** The current total (0 when absent or expired). */
  read(key: string): Promise<number>;
  /** Resolves when the store answers (readiness); absent for stores that live in this process. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}
