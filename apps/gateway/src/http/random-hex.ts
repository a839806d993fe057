import { randomBytes } from "node:crypto";

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * `bytes` random bytes as hex, cut from a pool filled 4 KB at a time: each call to
 * randomBytes enters OpenSSL, which cost a visible share of the gateway's CPU when
 * every request took one for its id. For identifiers (request ids), not for secrets.
 */
export function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    used = 0;
  }
  const hex = pool.toString("hex", used, used + bytes);
  used += bytes;
  return hex;
}
