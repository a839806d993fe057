import { randomBytes } from "node:crypto";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { errors, jwtVerify, SignJWT } from "jose";
import { platformError } from "@platform/errors";
import { PrincipalSchema, type Principal } from "@platform/proto/principal";

/**
 * The caller's identity between processes: a JWT (HS256) that the gateway, or a
 * service acting for the same caller, signs with the secret all of them share
 * (SERVICE_TOKEN_SECRET). Its audience is the service called, it lives 60 s, and it
 * carries the whole Principal (protobuf, base64url) in the `prn` claim. A service
 * believes a caller only through such a token, so reaching a service port is no
 * longer enough to be anyone.
 */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
const ISSUER = "agent-governance-platform";
/** Clock difference tolerated between replicas. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** A cached token is reused while it has at least this long to live. */
const REUSE_MARGIN_SECONDS = 30;
/** The longest lifetime a service accepts (operators may mint tokens for a few minutes of `buf curl`). */
export const MAX_SERVICE_TOKEN_LIFETIME_SECONDS = 900;
/** Bound of each cache (distinct callers x services); a full cache starts over. */
const CACHE_LIMIT = 10_000;

let key: Uint8Array = randomBytes(32);

/**
 * Sets the shared secret of this process (at boot, from SERVICE_TOKEN_SECRET or the
 * data-dir file; see loadServiceTokenSecret). Until then a random per-process secret
 * is used, which is enough when the gateway and the services share one process (tests).
 */
export function configureServiceTokenSecret(secret: string | Uint8Array): void {
  key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  signed.clear();
  verified.clear();
}

/** The audience of calls to a service: its proto package's second segment ("platform.registry.v1.X" -> "registry"). */
export function audienceOf(serviceTypeName: string): string {
  const parts = serviceTypeName.split(".");
  return parts[0] === "platform" && parts[1] ? parts[1] : serviceTypeName;
}

const signed = new Map<string, { token: string; exp: number }>();
const verified = new Map<string, { principal: Principal; exp: number }>();

function remember<V>(cache: Map<string, V>, name: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, value);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs `principal` for calls to `audience`, valid `ttlSeconds` (60 by default). */
export async function signServiceToken(
  principal: Principal,
  audience: string,
  ttlSeconds = SERVICE_TOKEN_TTL_SECONDS,
): Promise<string> {
  const prn = Buffer.from(toBinary(PrincipalSchema, principal)).toString("base64url");
  const iat = nowSeconds();
  return new SignJWT({ prn })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key);
}

/**
 * The token for a call: signed once per caller and service, then reused while it
 * has more than 30 s left (signing on every call would cost the hot path for nothing).
 */
export async function serviceTokenFor(principal: Principal, audience: string): Promise<string> {
  const name = `${audience}\u0000${Buffer.from(toBinary(PrincipalSchema, principal)).toString("base64url")}`;
  const cached = signed.get(name);
  if (cached && cached.exp - nowSeconds() > REUSE_MARGIN_SECONDS) return cached.token;
  const token = await signServiceToken(principal, audience);
  remember(signed, name, { token, exp: nowSeconds() + SERVICE_TOKEN_TTL_SECONDS });
  return token;
}

function refusal(failure: unknown): string {
  if (failure instanceof errors.JWTExpired) return "expired";
  if (failure instanceof errors.JWTClaimValidationFailed)
    return failure.claim === "aud" ? "issued for another service" : `claim ${failure.claim} is invalid`;
  if (failure instanceof errors.JWSSignatureVerificationFailed) return "signature does not verify";
  return "malformed";
}

/**
 * The caller a token names, if it is signed with the shared secret, unexpired and
 * issued for `audience`; INVALID_SERVICE_TOKEN (401) otherwise. Verified tokens are
 * remembered until they expire.
 */
export async function verifyServiceToken(token: string, audience: string): Promise<Principal> {
  const name = `${audience}\u0000${token}`;
  const cached = verified.get(name);
  if (cached && cached.exp + CLOCK_TOLERANCE_SECONDS >= nowSeconds()) return cached.principal;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat"],
    });
    const { exp, iat, prn } = payload;
    if (typeof prn !== "string") throw new errors.JWTClaimValidationFailed("missing prn", payload, "prn", "missing");
    // Tokens that would outlive the policy are refused too (a long-lived one minted by hand); jose required both claims.
    if (exp === undefined || iat === undefined || exp - iat > MAX_SERVICE_TOKEN_LIFETIME_SECONDS)
      throw new errors.JWTClaimValidationFailed("lifetime too long", payload, "exp", "check_failed");
    const principal = fromBinary(PrincipalSchema, Buffer.from(prn, "base64url"));
    remember(verified, name, { principal, exp });
    return principal;
  } catch (failure) {
    throw platformError("INVALID_SERVICE_TOKEN", { problem: refusal(failure) }, { cause: failure });
  }
}
