import { catchPlatformError } from "@platform/testing";
import type { Principal } from "@platform/proto/principal";
import { runAsPrincipal } from "@platform/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserEntity } from "./persistence/entities.js";
import { databaseKinds, openAuthHarness, type AuthHarness } from "./test-support.js";

describe.each(databaseKinds)("users and organizations managed by admins (%s)", (kind) => {
  let h: AuthHarness;
  let admin: Principal;
  let outsider: Principal;
  let outsiderUserId: string;
  beforeAll(async () => {
    h = await openAuthHarness(kind);
    ({ admin } = await h.signup("admin@users.test"));
    ({ admin: outsider } = await h.signup("admin@elsewhere.test"));
    outsiderUserId = (
      await runAsPrincipal(outsider, () =>
        h.client.createUser({ email: "member@elsewhere.test", password: "long-password", role: "user" }),
      )
    ).user!.id;
  });
  afterAll(async () => h?.close());

  const as = <T>(who: Principal, fn: () => Promise<T>) => runAsPrincipal(who, fn);
  const refusal = async (who: Principal, fn: () => Promise<unknown>) =>
    (await catchPlatformError(as(who, fn))).entry.key;
  const create = async (email: string, role = "user") => {
    h.advance(1000); // distinct creation times, so newest-first order is observable
    return (await as(admin, () => h.client.createUser({ email, password: "long-password", role }))).user!;
  };
  const loginAs = async (email: string) => {
    const tokens = (await h.client.login({ email, password: "long-password" })).tokens!;
    return { tokens, principal: await h.asCaller(tokens.accessToken) };
  };

  it("lists the organization's users newest first, page by page", async () => {
    const created = [await create("a@users.test"), await create("b@users.test"), await create("c@users.test")];
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await as(admin, () => h.client.listUsers({ limit: 2, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["c@users.test", "b@users.test", "a@users.test", "admin@users.test"]);
    expect(seen).not.toContain("member@elsewhere.test");
    expect((await as(admin, () => h.client.getUser({ id: created[1]!.id }))).user).toMatchObject({
      email: "b@users.test",
      role: "user",
      approvalLevel: 1,
    });
    expect(await refusal(admin, () => h.client.listUsers({ cursor: "not-a-cursor" }))).toBe("INVALID_FIELD_VALUE");
  });

  it("keeps users of other organizations invisible: USER_NOT_FOUND for every operation", async () => {
    expect(await refusal(admin, () => h.client.getUser({ id: outsiderUserId }))).toBe("USER_NOT_FOUND");
    expect(await refusal(admin, () => h.client.updateUser({ id: outsiderUserId, fullName: "Hijacked" }))).toBe(
      "USER_NOT_FOUND",
    );
    expect(await refusal(admin, () => h.client.deleteUser({ id: outsiderUserId }))).toBe("USER_NOT_FOUND");
    expect((await as(outsider, () => h.client.getUser({ id: outsiderUserId }))).user?.email).toBe(
      "member@elsewhere.test",
    );
  });

  it("updates names and roles; a role change applies to the next request", async () => {
    const user = await create("promote@users.test");
    const { tokens } = await loginAs("promote@users.test");
    const updated = await as(admin, () =>
      h.client.updateUser({ id: user.id, role: "manager", fullName: "Pat Promoted" }),
    );
    expect(updated.user).toMatchObject({ role: "manager", approvalLevel: 2, fullName: "Pat Promoted" });
    expect(await h.asCaller(tokens.accessToken)).toMatchObject({ role: "manager", approvalLevel: 2 });
    const renamed = await as(admin, () => h.client.updateUser({ id: user.id, fullName: "Pat" }));
    expect(renamed.user).toMatchObject({ role: "manager", fullName: "Pat" });
  });

  it("refuses granting above one's own role, changing one's own role, and touching users ranked above", async () => {
    const user = await create("ceiling@users.test");
    expect(await refusal(admin, () => h.client.updateUser({ id: user.id, role: "senior_admin" }))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(await refusal(admin, () => h.client.updateUser({ id: admin.userId, role: "user" }))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(
      await refusal(admin, () =>
        h.client.createUser({ email: "boss@users.test", password: "long-password", role: "security_officer" }),
      ),
    ).toBe("INSUFFICIENT_PERMISSIONS");
    // A senior admin can only exist by someone of that rank; arranged directly in the database.
    const senior = await create("senior@users.test");
    await h.db.orm.em.fork().nativeUpdate(UserEntity, { id: senior.id }, { role: "senior_admin" });
    expect(await refusal(admin, () => h.client.updateUser({ id: senior.id, role: "user" }))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(await refusal(admin, () => h.client.deleteUser({ id: senior.id }))).toBe("INSUFFICIENT_PERMISSIONS");
    expect((await as(admin, () => h.client.getUser({ id: user.id }))).user?.role).toBe("user");
  });

  it("is admin-only", async () => {
    const user = await create("plain@users.test");
    const { principal } = await loginAs("plain@users.test");
    for (const call of [
      () => h.client.listUsers({}),
      () => h.client.getUser({ id: user.id }),
      () => h.client.updateUser({ id: user.id, fullName: "Me" }),
      () => h.client.deleteUser({ id: admin.userId }),
      () => h.client.updateOrganizationLimits({ requestsPerHour: 5 }),
    ]) {
      expect(await refusal(principal, call)).toBe("ADMIN_ACCESS_REQUIRED");
    }
  });

  it("deletes a user, whose access tokens, refresh tokens and API keys stop at once", async () => {
    const peer = await create("peer@users.test", "admin");
    const { tokens, principal } = await loginAs("peer@users.test");
    const key = (await as(principal, () => h.client.createApiKey({ name: "peer key" }))).key;
    expect((await h.client.authenticate({ credential: { case: "apiKey", value: key } })).principal?.userId).toBe(
      peer.id,
    );
    expect(await refusal(admin, () => h.client.deleteUser({ id: admin.userId }))).toBe("INSUFFICIENT_PERMISSIONS");
    await as(admin, () => h.client.deleteUser({ id: peer.id }));
    expect(
      (
        await catchPlatformError(
          h.client.authenticate({ credential: { case: "accessToken", value: tokens.accessToken } }),
        )
      ).entry.key,
    ).toBe("INVALID_TOKEN");
    expect(
      (await catchPlatformError(h.client.authenticate({ credential: { case: "apiKey", value: key } }))).entry.key,
    ).toBe("INVALID_API_KEY");
    expect((await catchPlatformError(h.client.refresh({ refreshToken: tokens.refreshToken }))).entry.key).toBe(
      "INVALID_TOKEN",
    );
    expect(await refusal(admin, () => h.client.getUser({ id: peer.id }))).toBe("USER_NOT_FOUND");
    const keys = (await as(admin, () => h.client.listApiKeys({}))).items;
    expect(keys.find((k) => k.name === "peer key")?.revokedAt).toBeDefined();
    expect(
      (await catchPlatformError(h.client.login({ email: "peer@users.test", password: "long-password" }))).entry.key,
    ).toBe("INVALID_CREDENTIALS");
  });

  it("demotes a user's API keys along with the user", async () => {
    await create("keyholder@users.test", "admin");
    const { principal } = await loginAs("keyholder@users.test");
    const key = (await as(principal, () => h.client.createApiKey({ name: "holder key", role: "admin" }))).key;
    await as(admin, () => h.client.updateUser({ id: principal.userId, role: "manager" }));
    const resolved = (await h.client.authenticate({ credential: { case: "apiKey", value: key } })).principal;
    expect(resolved).toMatchObject({ role: "manager", approvalLevel: 2 });
  });

  it("shows the organization to any member and lets admins set its limits within bounds", async () => {
    await create("reader@users.test");
    const { principal } = await loginAs("reader@users.test");
    expect((await as(principal, () => h.client.getOrganization({}))).organization).toMatchObject({
      id: admin.organizationId,
      requestsPerHour: 1000,
      requestsPerDay: 10000,
    });
    const hourOnly = await as(admin, () => h.client.updateOrganizationLimits({ requestsPerHour: 5000 }));
    expect(hourOnly.organization).toMatchObject({ requestsPerHour: 5000, requestsPerDay: 10000 });
    const maxed = await as(admin, () =>
      h.client.updateOrganizationLimits({ requestsPerHour: 100_000, requestsPerDay: 1_000_000 }),
    );
    expect(maxed.organization).toMatchObject({ requestsPerHour: 100_000, requestsPerDay: 1_000_000 });
    expect((await as(principal, () => h.client.getOrganization({}))).organization).toMatchObject({
      requestsPerHour: 100_000,
      requestsPerDay: 1_000_000,
    });
    for (const [limits, field] of [
      [{ requestsPerHour: 100_001 }, "requests_per_hour"],
      [{ requestsPerHour: 0 }, "requests_per_hour"],
      [{ requestsPerDay: 1_000_001 }, "requests_per_day"],
      [{ requestsPerDay: -1 }, "requests_per_day"],
    ] as const) {
      const refused = await catchPlatformError(as(admin, () => h.client.updateOrganizationLimits(limits)));
      expect({ key: refused.entry.key, field: refused.problems?.[0]?.field }).toEqual({
        key: "INVALID_FIELD_VALUE",
        field,
      });
    }
    expect((await as(outsider, () => h.client.getOrganization({}))).organization).toMatchObject({
      requestsPerHour: 1000,
      requestsPerDay: 10000,
    });
  });
});
