import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { base32Decode, base32Encode } from "./base32.js";

/**
 * TOTP (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 30-second steps, 6 digits, the
 * parameters every authenticator app uses by default.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the previous and the next step are accepted too, for clock drift and typing time. */
export const TOTP_WINDOW = 1;
const issuer = "AgentGovernance";

/** The time step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** HOTP value of one counter (RFC 4226 section 5.3, dynamic truncation). */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac.readUInt8(mac.length - 1) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The code valid at a moment. */
export function totpAt(key: Uint8Array, at: Date, digits = TOTP_DIGITS): string {
  return hotp(key, totpStep(at), digits);
}

/**
 * The step a code matches within the window around `at`, or undefined. Steps up to
 * `usedUpTo` were already accepted once and are refused (replay). Every candidate is
 * compared in constant time, and all of them are always computed.
 */
export function matchTotp(secret: string, code: string, at: Date, usedUpTo = 0): number | undefined {
  const key = base32Decode(secret);
  if (!key || key.length === 0 || !/^\d{6}$/.test(code)) return undefined;
  const presented = Buffer.from(code);
  const current = totpStep(at);
  let matched: number | undefined;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const equal = timingSafeEqual(Buffer.from(hotp(key, step)), presented);
    if (equal && step > usedUpTo && matched === undefined) matched = step;
  }
  return matched;
}

/** A new 160-bit secret (the HMAC-SHA-1 key length RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The Key URI authenticator apps scan: otpauth://totp/AgentGovernance:<email>?secret=...&issuer=... */
export function otpauthUrl(email: string, secret: string): string {
  // `@` is legal in a URI path and reads better in apps; everything else is escaped.
  const label = encodeURIComponent(`${issuer}:${email}`).replace(/%40/g, "@").replace(/%3A/g, ":");
  return `otpauth://totp/${label}?secret=${secret}&issuer=${issuer}`;
}
