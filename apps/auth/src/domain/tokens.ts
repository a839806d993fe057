import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { platformError } from "@platform/errors";

/** Access tokens live 60 minutes (first reference page, "Resolution"). */
export const ACCESS_TOKEN_SECONDS = 60 * 60;
/** Refresh tokens live 30 days and are rotated on every use. */
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;

const issuer = "agent-governance/auth";
const audience = "agent-governance";

export interface AccessClaims {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: string;
  /** When the token stops being valid (its `exp`); set on verified tokens. */
  readonly expiresAt?: Date;
}

/** Signs and verifies HS256 access tokens with one secret (the auth service is the only verifier). */
export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(
    secret: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < 32) throw new Error("JWT secret must be at least 32 bytes");
    this.key = secret;
  }

  async issueAccessToken(claims: AccessClaims): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ org: claims.organizationId, role: claims.role, typ: "access" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
  }

  /** The claims of a valid token; EXPIRED_TOKEN, INVALID_TOKEN_SIGNATURE or INVALID_TOKEN otherwise. */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer,
        audience,
        algorithms: ["HS256"],
        currentDate: this.now(),
      });
      if (
        payload["typ"] !== "access" ||
        typeof payload.sub !== "string" ||
        typeof payload["org"] !== "string" ||
        typeof payload["role"] !== "string"
      ) {
        throw platformError("INVALID_TOKEN");
      }
      return {
        userId: payload.sub,
        organizationId: payload["org"],
        role: payload["role"],
        ...(payload.exp === undefined ? {} : { expiresAt: new Date(payload.exp * 1000) }),
      };
    } catch (failure) {
      if (failure instanceof errors.JWTExpired) throw platformError("EXPIRED_TOKEN");
      if (failure instanceof errors.JWSSignatureVerificationFailed) throw platformError("INVALID_TOKEN_SIGNATURE");
      if (failure instanceof errors.JOSEError) throw platformError("INVALID_TOKEN");
      throw failure;
    }
  }
}

/** An opaque refresh token and the digest it is stored and looked up by. */
export function newRefreshToken(): { token: string; digest: string } {
  const token = `rt_${randomBytes(32).toString("base64url")}`;
  return { token, digest: digestRefreshToken(token) };
}

/** Refresh tokens are 256-bit random values: a SHA-256 digest is enough to store them safely. */
export function digestRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Whether a bearer value is shaped like a JWT (three base64url segments) rather than an API key. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
