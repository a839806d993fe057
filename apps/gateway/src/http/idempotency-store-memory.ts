import { randomUUID } from "node:crypto";
import {
  claimResultOf,
  type ClaimResult,
  type IdempotencyStore,
  type StoredAnswer,
  type StoredEntry,
} from "./idempotency-store.js";

/**
 * Keys in this process's memory, for a single gateway (no REDIS_URL). Bounded: past
 * `maxEntries` the oldest keys are dropped first (a Map iterates in insertion order),
 * so a flood of keys costs memory up to the bound, never more.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { entry: StoredEntry; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  private live(key: string): StoredEntry | undefined {
    const held = this.entries.get(key);
    if (!held) return undefined;
    if (held.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return held.entry;
  }

  private put(key: string, entry: StoredEntry, ttlMs: number): void {
    this.entries.delete(key); // re-inserted last: the newest
    this.entries.set(key, { entry, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async claim(key: string, fingerprint: string, lockMs: number): Promise<ClaimResult> {
    const existing = this.live(key);
    if (existing) return claimResultOf(existing);
    const token = randomUUID();
    this.put(key, { state: "pending", fingerprint, token }, lockMs);
    return { kind: "claimed", token };
  }

  async complete(key: string, token: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    const existing = this.live(key);
    if (existing?.state === "pending" && existing.token === token)
      this.put(key, { state: "completed", fingerprint, answer }, ttlMs);
  }

  async release(key: string, token: string): Promise<void> {
    const existing = this.live(key);
    if (existing?.state === "pending" && existing.token === token) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  /** How many keys are held (tests). */
  get size(): number {
    return this.entries.size;
  }
}
