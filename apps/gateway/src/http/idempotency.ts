import { createHash } from "node:crypto";
import { platformError } from "@platform/errors";
import { createLogger } from "@platform/telemetry";
import type { IdempotencyStore, StoredAnswer } from "./idempotency-store.js";
import { InMemoryIdempotencyStore } from "./idempotency-store-memory.js";
import { RedisIdempotencyStore } from "./idempotency-store-redis.js";

/** How long a key replays its first answer (api-contract section 9). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim holds a key while its request runs: longer than any request can
 * take (upstream deadline 10 s), so a claim outlives its request only when the gateway
 * died mid-request; then the key frees itself and a retry runs.
 */
export const IDEMPOTENCY_LOCK_MS = 30_000;
/** The header replays carry. */
export const REPLAYED_HEADER = "idempotent-replayed";

const validKey = /^[\x20-\x7e]{1,255}$/;
const logger = createLogger("gateway");

/** The request's Idempotency-Key, undefined without one; a malformed one is 400 INVALID_IDEMPOTENCY_KEY. */
export function idempotencyKeyOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const raw = headers["idempotency-key"];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !validKey.test(raw)) throw platformError("INVALID_IDEMPOTENCY_KEY");
  return raw;
}

/** What makes two requests "the same": method, path and JSON body (not its whitespace). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(method)
    .update("\0")
    .update(path)
    .update("\0")
    .update(JSON.stringify(body ?? null))
    .digest("hex");
}

/** A request that runs under its key: `finish` with its answer before sending it. */
export interface IdempotentRun {
  finish(answer: StoredAnswer): Promise<void>;
}

export type IdempotencyDecision =
  { readonly kind: "replay"; readonly answer: StoredAnswer } | { readonly kind: "run"; readonly run: IdempotentRun };

/**
 * Stripe's Idempotency-Key semantics for POSTs, per organization:
 * - the first request under a key claims it, runs, and stores its answer for 24 h;
 * - the same key with the same method, path and body replays that answer;
 * - the same key with anything else is 422 IDEMPOTENCY_KEY_REUSED;
 * - the same key while the first request still runs is 409 IDEMPOTENCY_KEY_IN_USE.
 * A 5xx answer is not final (the platform failed, not the request): the key is freed,
 * so the client's retry after a 503 runs again instead of replaying the outage.
 */
export class Idempotency {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
    private readonly lockMs = IDEMPOTENCY_LOCK_MS,
  ) {}

  async begin(organizationId: string, clientKey: string, fingerprint: string): Promise<IdempotencyDecision> {
    const key = `${organizationId}:${createHash("sha256").update(clientKey).digest("hex")}`;
    let claim;
    try {
      claim = await this.store.claim(key, fingerprint, this.lockMs);
    } catch (failure) {
      // Without the store a retry could run twice: refuse for now rather than risk it.
      logger.error({ err: failure }, "idempotency store unreachable");
      throw platformError("SERVICE_UNAVAILABLE", { service: "idempotency-store" }, { retryAfterSeconds: 5 });
    }
    if (claim.kind !== "claimed") {
      if (claim.fingerprint !== fingerprint) throw platformError("IDEMPOTENCY_KEY_REUSED");
      if (claim.kind === "in-progress") throw platformError("IDEMPOTENCY_KEY_IN_USE");
      return { kind: "replay", answer: claim.answer };
    }
    const { token } = claim;
    return {
      kind: "run",
      run: {
        finish: async (answer) => {
          try {
            if (answer.status >= 500) await this.store.release(key, token);
            else await this.store.complete(key, token, fingerprint, answer, this.ttlMs);
          } catch (failure) {
            // The answer still goes out; the claim expires after lockMs and a retry then runs.
            logger.error({ err: failure }, "idempotent answer could not be stored");
          }
        },
      },
    };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Redis when REDIS_URL is set (keys hold across gateway replicas), this process's memory otherwise. */
export function idempotencyFromEnv(env: NodeJS.ProcessEnv = process.env): Idempotency {
  const url = env["REDIS_URL"];
  return new Idempotency(url ? new RedisIdempotencyStore(url) : new InMemoryIdempotencyStore());
}
