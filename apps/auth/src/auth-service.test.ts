import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { AuthService } from "@platform/proto";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenSigner } from "./domain/tokens.js";
import { authEntities } from "./persistence/entities.js";
import { authService } from "./rpc/auth-service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("auth service (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof AuthService>>;
  let clock = new Date("2026-03-01T12:00:00Z");

  beforeAll(async () => {
    db = await openTestDatabase(authEntities, { kind });
    const signer = new TokenSigner(new Uint8Array(32).fill(1), () => clock);
    client = createClient(
      AuthService,
      inProcessTransport("auth", (router) =>
        router.service(AuthService, authService({ orm: db.orm, signer, now: () => clock })),
      ),
    );
  });
  afterAll(async () => db?.close());

  const asCaller = async (token: string) =>
    (await client.authenticate({ credential: { case: "accessToken", value: token } })).principal!;

  it("signs up an organization with its admin, then logs in", async () => {
    const res = await client.signup({ organizationName: "Acme", email: "Admin@Acme.test", password: "long-password" });
    expect(res.organization).toMatchObject({ name: "Acme", requestsPerHour: 1000, requestsPerDay: 10000 });
    expect(res.user).toMatchObject({ email: "admin@acme.test", role: "admin", approvalLevel: 3 });
    expect(res.tokens).toMatchObject({ tokenType: "bearer", expiresIn: 3600 });
    const principal = await asCaller(res.tokens!.accessToken);
    expect(principal).toMatchObject({
      organizationId: res.organization!.id,
      userId: res.user!.id,
      role: "admin",
      approvalLevel: 3,
      authMethod: "bearer",
    });
    const login = await client.login({ email: "admin@acme.test", password: "long-password" });
    expect(login.user?.id).toBe(res.user?.id);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    expect(
      (await catchPlatformError(client.login({ email: "admin@acme.test", password: "wrong-password" }))).entry.key,
    ).toBe("INVALID_CREDENTIALS");
    expect(
      (await catchPlatformError(client.login({ email: "nobody@acme.test", password: "wrong-password" }))).entry.key,
    ).toBe("INVALID_CREDENTIALS");
  });

  it("issues API keys that authenticate as their creator with the key's role", async () => {
    const admin = await asCaller(
      (await client.login({ email: "admin@acme.test", password: "long-password" })).tokens!.accessToken,
    );
    const created = await runAsPrincipal(admin, () => client.createApiKey({ name: "bot key", role: "user" }));
    expect(created.key).toMatch(/^owkai_user_[A-Za-z0-9]{40}$/);
    const principal = (await client.authenticate({ credential: { case: "apiKey", value: created.key } })).principal;
    expect(principal).toMatchObject({
      userId: admin.userId,
      role: "user",
      approvalLevel: 1,
      apiKeyId: created.apiKey!.id,
      authMethod: "api_key",
    });
    const dup = await catchPlatformError(runAsPrincipal(admin, () => client.createApiKey({ name: "bot key" })));
    expect(dup.entry.key).toBe("API_KEY_NAME_CONFLICT");
    const tooHigh = await catchPlatformError(
      runAsPrincipal(admin, () => client.createApiKey({ name: "root", role: "security_officer" })),
    );
    expect(tooHigh.entry.key).toBe("INSUFFICIENT_PERMISSIONS");
  });

  it("tells unknown, revoked and expired keys apart", async () => {
    const admin = await asCaller(
      (await client.login({ email: "admin@acme.test", password: "long-password" })).tokens!.accessToken,
    );
    const unknown = await catchPlatformError(
      client.authenticate({ credential: { case: "apiKey", value: `owkai_admin_${"A".repeat(40)}` } }),
    );
    expect(unknown.entry.key).toBe("INVALID_API_KEY");
    const revoked = await runAsPrincipal(admin, () => client.createApiKey({ name: "to revoke" }));
    await runAsPrincipal(admin, () => client.revokeApiKey({ id: revoked.apiKey!.id }));
    expect(
      (await catchPlatformError(client.authenticate({ credential: { case: "apiKey", value: revoked.key } }))).entry.key,
    ).toBe("REVOKED_API_KEY");
    const expiring = await runAsPrincipal(admin, () =>
      client.createApiKey({ name: "short", expiresAt: timestampFromDate(new Date(clock.getTime() + 60_000)) }),
    );
    expect(
      (await client.authenticate({ credential: { case: "apiKey", value: expiring.key } })).principal?.apiKeyId,
    ).toBe(expiring.apiKey?.id);
    clock = new Date(clock.getTime() + 120_000);
    expect(
      (await catchPlatformError(client.authenticate({ credential: { case: "apiKey", value: expiring.key } }))).entry
        .key,
    ).toBe("EXPIRED_API_KEY");
  });

  it("lists keys by prefix only and lets only admins manage them", async () => {
    const admin = await asCaller(
      (await client.login({ email: "admin@acme.test", password: "long-password" })).tokens!.accessToken,
    );
    const { items } = await runAsPrincipal(admin, () => client.listApiKeys({}));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.keyPrefix).toMatch(/^owkai_[a-z_]+_[A-Za-z0-9]{3}\.\.\.$/);
    const created = await runAsPrincipal(admin, () =>
      client.createUser({ email: "u@acme.test", password: "user-password", role: "user" }),
    );
    const user = await asCaller(
      (await client.login({ email: "u@acme.test", password: "user-password" })).tokens!.accessToken,
    );
    expect(user.userId).toBe(created.user?.id);
    const refused = await catchPlatformError(runAsPrincipal(user, () => client.createApiKey({ name: "mine" })));
    expect({ key: refused.entry.key, detail: refused.entry.detail }).toEqual({
      key: "ADMIN_ACCESS_REQUIRED",
      detail: "Admin access required",
    });
  });

  it("refuses an access token once it expired", async () => {
    const token = (await client.login({ email: "admin@acme.test", password: "long-password" })).tokens!.accessToken;
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect(
      (await catchPlatformError(client.authenticate({ credential: { case: "accessToken", value: token } }))).entry.key,
    ).toBe("EXPIRED_TOKEN");
  });
});
