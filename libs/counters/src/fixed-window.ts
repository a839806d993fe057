/**
 * A fixed counting window: windows of `lengthSeconds` aligned to the Unix epoch (so an
 * hour window runs from one full UTC hour to the next), the same on every replica.
 * All times are whole Unix seconds.
 */
export interface FixedWindow {
  /** When the window containing `now` began; part of its counter key. */
  readonly start: number;
  /** When it ends and the next one begins (the `X-RateLimit-Reset` of a limit). */
  readonly resetAt: number;
  /** Seconds from `now` until `resetAt` (a `Retry-After`); at least 1. */
  readonly resetsIn: number;
}

export function fixedWindow(now: Date, lengthSeconds: number): FixedWindow {
  if (!Number.isInteger(lengthSeconds) || lengthSeconds <= 0)
    throw new RangeError(`window length must be a positive whole number of seconds, got ${lengthSeconds}`);
  const epoch = Math.floor(now.getTime() / 1000);
  const start = epoch - (epoch % lengthSeconds);
  return { start, resetAt: start + lengthSeconds, resetsIn: start + lengthSeconds - epoch };
}
