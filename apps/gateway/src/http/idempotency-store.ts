/** The answer a request under an Idempotency-Key got, as it is replayed. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The route's own headers (Location, Retry-After, ...); per-request ids are not replayed. */
  readonly headers: Readonly<Record<string, string | string[]>>;
}

/** What a key holds when a request tries to claim it. */
export type ClaimResult =
  /** The key was free: this request runs, then completes or releases it with `token`. */
  | { readonly kind: "claimed"; readonly token: string }
  /** Another request under the key is still running. */
  | { readonly kind: "in-progress"; readonly fingerprint: string }
  /** A request under the key was answered: its fingerprint and answer. */
  | { readonly kind: "completed"; readonly fingerprint: string; readonly answer: StoredAnswer };

/**
 * Where Idempotency-Keys live: Redis when gateway replicas share one, this process's
 * memory otherwise. `key` is already scoped (organization and hashed client key).
 * A claim expires after `lockMs` so that a gateway that died mid-request does not
 * hold its key forever; a completed answer lives `ttlMs` (24 h).
 */
export interface IdempotencyStore {
  claim(key: string, fingerprint: string, lockMs: number): Promise<ClaimResult>;
  /** Stores the final answer, if the claim `token` still holds the key. */
  complete(key: string, token: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void>;
  /** Frees the key (the answer was not final, e.g. a 503), if `token` still holds it. */
  release(key: string, token: string): Promise<void>;
  close(): Promise<void>;
}

/** What a store keeps under a key. */
export type StoredEntry =
  | { readonly state: "pending"; readonly fingerprint: string; readonly token: string }
  | { readonly state: "completed"; readonly fingerprint: string; readonly answer: StoredAnswer };

export function claimResultOf(entry: StoredEntry): ClaimResult {
  return entry.state === "pending"
    ? { kind: "in-progress", fingerprint: entry.fingerprint }
    : { kind: "completed", fingerprint: entry.fingerprint, answer: entry.answer };
}
