/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** The delay after the first failure; doubled per further failure. */
  readonly baseMs: number;
  /** No delay is longer than this. */
  readonly capMs: number;
  /** A delivery still failing this long after it was queued is given up (marked failed). */
  readonly retryForMs: number;
}

/** The default: 10 s, 20 s, 40 s ... up to an hour between attempts, for a day. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 10_000, capMs: 3_600_000, retryForMs: 86_400_000 };

/**
 * When to try again after `attempts` failed attempts, or undefined to give up.
 * The exponential delay is jittered down by up to half ("equal jitter"), so that a
 * receiver coming back is not hit by every endpoint's backlog in the same second.
 */
export function nextAttemptAt(
  attempts: number,
  queuedAt: Date,
  now: Date,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Date | undefined {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const delay = exponential / 2 + (exponential / 2) * random();
  const at = now.getTime() + delay;
  if (at - queuedAt.getTime() > policy.retryForMs) return undefined;
  return new Date(at);
}
