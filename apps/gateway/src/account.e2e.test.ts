import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { startTestPlatform, TEST_JWT_SECRET, type TestPlatform, type TestResponse } from "@platform/testing-platform";

function expectError(res: TestResponse, status: number, code: string, detail: string) {
  expect({ status: res.status, code: res.body?.error?.code, detail: res.body?.detail }).toEqual({
    status,
    code,
    detail,
  });
  expect(res.body.meta.request_id).toBe(res.headers.get("x-request-id"));
  if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
}

/** RFC 6238 code of a base32 secret at a time (the authenticator app's side). */
function totp(secret: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** Every documented authentication and tenancy case through the real gateway (issue 4). */
describe("authentication and tenancy cases", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let adminUserId: string;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Acct", email: "root@acct.test", password: "pass-word-12" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    adminUserId = signup.body.user.id;
  }, 60_000);
  afterAll(async () => platform?.stop());

  const sign = (
    claims: Record<string, unknown>,
    secret = TEST_JWT_SECRET,
    expiresAt = Math.floor(Date.now() / 1000) + 600,
  ) =>
    new SignJWT({ org: "org_x", role: "admin", typ: "access", ...claims })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(adminUserId)
      .setIssuer("agent-governance/auth")
      .setAudience("agent-governance")
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(secret));

  it("tells an expired, a wrongly signed and a malformed token apart", async () => {
    const expired = await sign({}, TEST_JWT_SECRET, Math.floor(Date.now() / 1000) - 10);
    expectError(
      await platform.call("GET", "/api/auth/me", { headers: { authorization: `Bearer ${expired}` } }),
      401,
      "EXPIRED_TOKEN",
      "Token has expired",
    );
    const forged = await sign({}, "another-secret-another-secret-another-secret");
    expectError(
      await platform.call("GET", "/api/auth/me", { headers: { authorization: `Bearer ${forged}` } }),
      401,
      "INVALID_TOKEN",
      "Invalid token signature",
    );
    expectError(
      await platform.call("GET", "/api/auth/me", { headers: { authorization: "Bearer not.a.jwt" } }),
      401,
      "INVALID_TOKEN",
      "Could not validate credentials",
    );
  });

  it("expires API keys at their expiry", async () => {
    const created = await platform.call("POST", "/api/keys", {
      body: { name: "brief", expires_at: new Date(Date.now() + 1500).toISOString() },
      headers: admin,
    });
    expect(created.status).toBe(201);
    expect((await platform.call("GET", "/api/actions", { headers: { "x-api-key": created.body.key } })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 1600));
    expectError(
      await platform.call("GET", "/api/actions", { headers: { "x-api-key": created.body.key } }),
      401,
      "EXPIRED_API_KEY",
      "API key has expired",
    );
    const past = await platform.call("POST", "/api/v1/keys", {
      body: { name: "past", expires_at: "2001-01-01T00:00:00Z" },
      headers: admin,
    });
    expect({ status: past.status, code: past.body.error.code }).toEqual({ status: 400, code: "INVALID_FIELD_VALUE" });
  });

  it("rotates refresh tokens and revokes the family when an old one comes back", async () => {
    const login = await platform.call("POST", "/api/auth/login", {
      body: { email: "root@acct.test", password: "pass-word-12" },
    });
    const first = await platform.call("POST", "/api/auth/refresh", {
      body: { refresh_token: login.body.refresh_token },
    });
    expect(first.body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expectError(
      await platform.call("POST", "/api/auth/refresh", { body: { refresh_token: login.body.refresh_token } }),
      401,
      "INVALID_TOKEN",
      "Could not validate credentials",
    );
    expectError(
      await platform.call("POST", "/api/auth/refresh", { body: { refresh_token: first.body.refresh_token } }),
      401,
      "INVALID_TOKEN",
      "Could not validate credentials",
    );
  });

  it("asks for the MFA step once enrolled, and locks the account after repeated failures", async () => {
    await platform.call("POST", "/api/users", {
      body: { email: "mfa@acct.test", password: "pass-word-13", role: "user" },
      headers: admin,
    });
    const token = (
      await platform.call("POST", "/api/auth/login", { body: { email: "mfa@acct.test", password: "pass-word-13" } })
    ).body.access_token;
    const setup = await platform.call("POST", "/api/auth/mfa/setup", { headers: { authorization: `Bearer ${token}` } });
    expect(setup.body.otpauth_url).toContain("otpauth://totp/");
    const verified = await platform.call("POST", "/api/auth/mfa/verify", {
      body: { code: totp(setup.body.secret) },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(verified.body).toEqual({ mfa_enabled: true });
    expectError(
      await platform.call("POST", "/api/auth/login", { body: { email: "mfa@acct.test", password: "pass-word-13" } }),
      401,
      "MFA_REQUIRED",
      "MFA verification required",
    );
    const ok = await platform.call("POST", "/api/auth/login", {
      body: {
        email: "mfa@acct.test",
        password: "pass-word-13",
        mfa_code: totp(setup.body.secret, Date.now() + 30_000),
      },
    });
    expect(ok.status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expectError(
        await platform.call("POST", "/api/auth/login", { body: { email: "mfa@acct.test", password: "wrong-pass-1" } }),
        401,
        "INVALID_CREDENTIALS",
        "Incorrect email or password",
      );
    }
    const locked = await platform.call("POST", "/api/auth/login", {
      body: { email: "mfa@acct.test", password: "wrong-pass-1" },
    });
    expectError(locked, 403, "ACCOUNT_LOCKED", "Account locked");
    expect(Date.parse(locked.body.error.details.locked_until)).toBeGreaterThan(Date.now() + 14 * 60_000);
    expectError(
      await platform.call("POST", "/api/auth/login", { body: { email: "mfa@acct.test", password: "pass-word-13" } }),
      403,
      "ACCOUNT_LOCKED",
      "Account locked",
    );
  });

  it("keeps users admin-only and other organizations invisible", async () => {
    const created = await platform.call("POST", "/api/users", {
      body: { email: "u2@acct.test", password: "pass-word-14", role: "user" },
      headers: admin,
    });
    const userToken = (
      await platform.call("POST", "/api/auth/login", { body: { email: "u2@acct.test", password: "pass-word-14" } })
    ).body.access_token;
    expectError(
      await platform.call("GET", "/api/users", { headers: { authorization: `Bearer ${userToken}` } }),
      403,
      "INSUFFICIENT_PERMISSIONS",
      "Admin access required",
    );
    expectError(
      await platform.call("GET", "/api/organization", { headers: { authorization: `Bearer ${userToken}` } }),
      403,
      "INSUFFICIENT_PERMISSIONS",
      "Admin access required",
    );
    expect((await platform.call("GET", "/api/organization", { headers: admin })).body).toMatchObject({ name: "Acct" });
    const list = await platform.call("GET", "/api/users?limit=2", { headers: admin });
    expect(list.body.items).toHaveLength(2);
    const patched = await platform.call("PATCH", `/api/users/${created.body.id}`, {
      body: { role: "manager" },
      headers: admin,
    });
    expect(patched.body.role).toBe("manager");
    const other = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Else", email: "x@else.test", password: "pass-word-15" },
    });
    const outsider = { authorization: `Bearer ${other.body.access_token}` };
    expectError(
      await platform.call("GET", `/api/users/${created.body.id}`, { headers: outsider }),
      404,
      "RESOURCE_NOT_FOUND",
      "User not found",
    );
    expectError(
      await platform.call("GET", "/api/actions", {
        headers: { ...admin, "x-organization-id": other.body.organization.id },
      }),
      403,
      "CROSS_ORGANIZATION_ACCESS_DENIED",
      "Cross-organization access denied",
    );
    expect(
      (
        await platform.call("GET", "/api/actions", {
          headers: { ...admin, "x-organization-id": list.body.items[0].organization_id },
        })
      ).status,
    ).toBe(200);
    expect((await platform.call("DELETE", `/api/users/${created.body.id}`, { headers: admin })).status).toBe(204);
    expectError(
      await platform.call("GET", "/api/auth/me", { headers: { authorization: `Bearer ${userToken}` } }),
      401,
      "INVALID_TOKEN",
      "Could not validate credentials",
    );
  });

  it("logs out: the refresh tokens stop working and the cookies are cleared", async () => {
    const login = await platform.call("POST", "/api/auth/login", {
      body: { email: "root@acct.test", password: "pass-word-12" },
    });
    const out = await platform.call("POST", "/api/auth/logout", {
      headers: { authorization: `Bearer ${login.body.access_token}` },
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith("session=;"))).toBe(true);
    expectError(
      await platform.call("POST", "/api/auth/refresh", { body: { refresh_token: login.body.refresh_token } }),
      401,
      "INVALID_TOKEN",
      "Could not validate credentials",
    );
  });
});
