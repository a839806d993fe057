import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parseCookie } from "cookie";
import { platformError } from "@platform/errors";

/** The browser session cookie (the access token, HttpOnly) and the readable double-submit CSRF cookie. */
export const SESSION_COOKIE = "session";
export const CSRF_COOKIE = "csrf_token";
const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The request's cookies, parsed by the `cookie` package: a value that is not valid
 * percent-encoding is kept as sent (then simply not a valid session), never a crash.
 */
export function parseCookies(headers: IncomingHttpHeaders): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseCookie(headers.cookie ?? ""))) {
    if (value !== undefined) cookies[name] = value;
  }
  return cookies;
}

/** Set-Cookie values for a new browser session. */
export function sessionCookies(accessToken: string, maxAgeSeconds: number, secure: boolean): string[] {
  const flags = `Path=/; Max-Age=${maxAgeSeconds}; SameSite=Lax${secure ? "; Secure" : ""}`;
  return [
    `${SESSION_COOKIE}=${accessToken}; HttpOnly; ${flags}`,
    `${CSRF_COOKIE}=${randomBytes(24).toString("base64url")}; ${flags}`,
  ];
}

/** Set-Cookie values that end a browser session. */
export function clearedSessionCookies(): string[] {
  return [
    `${SESSION_COOKIE}=; HttpOnly; Path=/; Max-Age=0; SameSite=Lax`,
    `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`,
  ];
}

/**
 * Double submit: a mutating request authenticated by the session cookie must echo the
 * csrf_token cookie in `X-CSRF-Token` (api-contract section 5). Bearer and API-key
 * requests cannot be forged by a browser and need none.
 */
export function assertCsrf(method: string, headers: IncomingHttpHeaders, cookies: Record<string, string>): void {
  if (!mutating.has(method)) return;
  const header = headers["x-csrf-token"];
  const sent = Buffer.from(Array.isArray(header) ? (header[0] ?? "") : (header ?? ""));
  const expected = Buffer.from(cookies[CSRF_COOKIE] ?? "");
  if (expected.length === 0 || sent.length !== expected.length || !timingSafeEqual(sent, expected))
    throw platformError("CSRF_VALIDATION_FAILED");
}
