import { LRUCache } from "lru-cache";
import type { Change, ChangeListener } from "./change-feed.js";

export interface OwnedCacheOptions {
  /** The owner's topic whose changes invalidate this cache. */
  readonly topic: string;
  /** Most entries kept (least recently used go first). */
  readonly max?: number;
  /** Longest an entry lives, a safety net under the change notices. */
  readonly ttlMs?: number;
}

const SEPARATOR = "\u0000";

/**
 * A copy of data another service owns, per organization and key, kept correct by the
 * owner's change notices (it is a ChangeListener). A load that was in flight while any
 * change arrived is answered but not kept, since it may have read the old state; and
 * nothing is kept while the notices are not live (the owner's stream is down).
 */
export class OwnedCache<V extends object> implements ChangeListener {
  private readonly entries: LRUCache<string, V>;
  private generation = 0;
  private live = false;

  constructor(private readonly options: OwnedCacheOptions) {
    this.entries = new LRUCache<string, V>({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 60_000 });
  }

  /** The cached value, or `load()`'s, kept for at most `ttlMs` (e.g. until a credential expires). */
  async get(organizationId: string, key: string, load: () => Promise<V>, ttlMs?: number): Promise<V> {
    const id = organizationId + SEPARATOR + key;
    const hit = this.entries.get(id);
    if (hit) return hit;
    const generation = this.generation;
    const value = await load();
    if (this.live && generation === this.generation && (ttlMs === undefined || ttlMs > 0)) {
      this.entries.set(id, value, ttlMs === undefined ? undefined : { ttl: Math.min(ttlMs, this.options.ttlMs ?? 60_000) });
    }
    return value;
  }

  /** Forgets what a change touches: one key, one organization, or everything. */
  onChange(change: Change): void {
    if (change.topic !== this.options.topic) return;
    this.generation++;
    if (!change.organizationId) return this.entries.clear();
    const prefix = change.organizationId + SEPARATOR;
    if (change.key) {
      this.entries.delete(prefix + change.key);
      return;
    }
    for (const id of [...this.entries.keys()]) if (id.startsWith(prefix)) this.entries.delete(id);
  }

  onReset(): void {
    this.generation++;
    this.entries.clear();
  }

  onLive(live: boolean): void {
    this.generation++;
    this.live = live;
  }

  get size(): number {
    return this.entries.size;
  }
}
