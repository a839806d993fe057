import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "@platform/proto/principal";
import { assertCsrf, parseCookies, SESSION_COOKIE } from "./http/cookies.js";
import { sizeChecked } from "./http/credential-size.js";
import type { Credential } from "./auth-caches.js";

/** A bearer value shaped like a JWT (three base64url segments); anything else is an API key. */
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.trim() || undefined;
}

/**
 * The credential of a request, as the auth service will check it. `X-API-Key` wins;
 * `Authorization: Bearer` carries a JWT or, as the vendor SDKs send it, an API key
 * (api-contract section 8).
 */
export function credentialOf(headers: IncomingHttpHeaders): Credential | undefined {
  const apiKey = single(headers["x-api-key"]);
  if (apiKey) return { case: "apiKey", value: apiKey };
  const bearer = single(headers.authorization)?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!bearer) return undefined;
  return jwtShape.test(bearer) ? { case: "accessToken", value: bearer } : { case: "apiKey", value: bearer };
}

/**
 * Resolves the caller (through the auth service, or the copy this gateway keeps of its
 * answer); undefined when the request carries no credential. A browser session (the
 * session cookie) must pass the CSRF check on mutating methods, after the cookie was found valid.
 */
export async function authenticate(
  method: string,
  headers: IncomingHttpHeaders,
  resolveAny: (credential: Credential) => Promise<Principal>,
): Promise<Principal | undefined> {
  const resolve = sizeChecked(resolveAny);
  const credential = credentialOf(headers);
  if (credential) return resolve(credential);
  const cookies = parseCookies(headers);
  const session = cookies[SESSION_COOKIE];
  if (!session) return undefined;
  const principal = await resolve({ case: "accessToken", value: session });
  assertCsrf(method, headers, cookies);
  return { ...principal, authMethod: "session" };
}
