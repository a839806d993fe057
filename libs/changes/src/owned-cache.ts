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

/** What a load answers: the value, the organization it belongs to, and how long it may be kept at most. */
export interface Loaded<V> {
  readonly value: V;
  readonly organizationId: string;
  readonly ttlMs?: number;
}

interface Entry<V> {
  readonly value: V;
  readonly organizationId: string;
}

/** The id of an entry that a change of (organization, key) names directly. */
export const keyedId = (organizationId: string, key: string) => `${organizationId}\u0000${key}`;

/**
 * A copy of data another service owns, kept correct by the owner's change notices
 * (it is a ChangeListener): a change of one key forgets the entry `keyedId(org, key)`,
 * a change of an organization forgets every entry of that organization, a change of
 * no organization forgets all. A load that was in flight while any change arrived is
 * answered but not kept, since it may have read the old state; and nothing is kept
 * while the notices are not live (the owner's stream is down).
 */
export class OwnedCache<V extends object> implements ChangeListener {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly maxTtlMs: number;
  private generation = 0;
  private live = false;

  constructor(private readonly options: OwnedCacheOptions) {
    this.maxTtlMs = options.ttlMs ?? 60_000;
    this.entries = new LRUCache<string, Entry<V>>({ max: options.max ?? 10_000, ttl: this.maxTtlMs });
  }

  /** The cached value of `id`, or `load()`'s. */
  async get(id: string, load: () => Promise<Loaded<V>>): Promise<V> {
    const hit = this.entries.get(id);
    if (hit) return hit.value;
    const generation = this.generation;
    const loaded = await load();
    const ttl = Math.min(loaded.ttlMs ?? this.maxTtlMs, this.maxTtlMs);
    if (this.live && generation === this.generation && ttl >= 1) {
      this.entries.set(id, { value: loaded.value, organizationId: loaded.organizationId }, { ttl });
    }
    return loaded.value;
  }

  onChange(change: Change): void {
    if (change.topic !== this.options.topic) return;
    this.generation++;
    if (!change.organizationId) {
      this.entries.clear();
      return;
    }
    if (change.key) {
      this.entries.delete(keyedId(change.organizationId, change.key));
      return;
    }
    for (const [id, entry] of [...this.entries.entries()])
      if (entry.organizationId === change.organizationId) this.entries.delete(id);
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
