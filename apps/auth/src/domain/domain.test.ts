import { ConnectError } from "@connectrpc/connect";
import { decodePlatformError } from "@platform/errors";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiKey, parseApiKey } from "./api-key-format.js";
import { approvalLevelOf, isAdmin } from "./roles.js";
import { hashSecret, verifySecret } from "./secret-hash.js";
import { looksLikeJwt, TokenSigner } from "./tokens.js";

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (failure) {
    return decodePlatformError(ConnectError.from(failure))?.entry.key;
  }
  return "resolved";
}

describe("roles", () => {
  it("map to the first page's approval levels", () => {
    expect(
      ["user", "manager", "admin", "senior_admin", "security_officer"].map((r) => approvalLevelOf(r as never)),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(isAdmin("manager")).toBe(false);
    expect(isAdmin("senior_admin")).toBe(true);
  });
});

describe("secret hashing", () => {
  it("verifies the right secret only, with a fresh salt each time", async () => {
    const a = await hashSecret("correct horse");
    const b = await hashSecret("correct horse");
    expect(a).not.toBe(b);
    expect(a.startsWith("scrypt$16384$8$1$")).toBe(true);
    expect(await verifySecret("correct horse", a)).toBe(true);
    expect(await verifySecret("wrong horse", a)).toBe(false);
    expect(await verifySecret("x", "garbage")).toBe(false);
  });
});

describe("API key format", () => {
  it("issues owkai_<role>_<40 alphanumerics> that the vendor SDKs accept", () => {
    const { key, lookupId, prefix } = generateApiKey("senior_admin");
    expect(key).toMatch(/^owkai_senior_admin_[A-Za-z0-9]{40}$/);
    expect(key).toMatch(/^[A-Za-z0-9_]{20,}$/);
    expect(parseApiKey(key)).toEqual({ role: "senior_admin", lookupId });
    expect(prefix).toBe(`owkai_senior_admin_${key.slice(19, 22)}...`);
  });

  it("shows admin keys as owkai_admin_abc...", () => {
    expect(displayPrefix("owkai_admin_abcdefghij0123456789abcdefghij0123456789")).toBe("owkai_admin_abc...");
  });

  it("rejects what cannot be a key", () => {
    expect(parseApiKey("owkai_admin_short")).toBeUndefined();
    expect(parseApiKey("sk_live_abcdefghij0123456789abcdefghij0123456789")).toBeUndefined();
  });
});

describe("access tokens", () => {
  const secret = new Uint8Array(32).fill(7);

  it("round-trip the caller's claims", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const signer = new TokenSigner(secret, () => now);
    const token = await signer.issueAccessToken({ userId: "usr_1", organizationId: "org_1", role: "admin" });
    expect(looksLikeJwt(token)).toBe(true);
    // The expiry comes back too, so a cache of the caller never outlives the token.
    expect(await signer.verifyAccessToken(token)).toEqual({
      userId: "usr_1",
      organizationId: "org_1",
      role: "admin",
      expiresAt: new Date("2026-01-01T11:00:00Z"),
    });
  });

  it("expire after 60 minutes", async () => {
    let now = new Date("2026-01-01T10:00:00Z");
    const signer = new TokenSigner(secret, () => now);
    const token = await signer.issueAccessToken({ userId: "usr_1", organizationId: "org_1", role: "admin" });
    now = new Date("2026-01-01T10:59:00Z");
    expect(await reasonOf(signer.verifyAccessToken(token))).toBe("resolved");
    now = new Date("2026-01-01T11:00:01Z");
    expect(await reasonOf(signer.verifyAccessToken(token))).toBe("EXPIRED_TOKEN");
  });

  it("tell a wrong signature from a malformed token", async () => {
    const other = new TokenSigner(new Uint8Array(32).fill(9));
    const forged = await other.issueAccessToken({ userId: "usr_1", organizationId: "org_1", role: "admin" });
    expect(await reasonOf(new TokenSigner(secret).verifyAccessToken(forged))).toBe("INVALID_TOKEN_SIGNATURE");
    expect(await reasonOf(new TokenSigner(secret).verifyAccessToken("a.b.c"))).toBe("INVALID_TOKEN");
  });

  it("refuse a validly signed token that is not an access token", async () => {
    const token = await new SignJWT({ typ: "refresh" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("usr_1")
      .setIssuer("agent-governance/auth")
      .setAudience("agent-governance")
      .setExpirationTime("1h")
      .sign(secret);
    expect(await reasonOf(new TokenSigner(secret).verifyAccessToken(token))).toBe("INVALID_TOKEN");
  });
});
