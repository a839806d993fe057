import { catchPlatformError } from "@platform/testing";
import { runAsPrincipal } from "@platform/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestRefreshToken, REFRESH_TOKEN_SECONDS } from "./domain/tokens.js";
import { RefreshTokenEntity } from "./persistence/entities.js";
import { databaseKinds, openAuthHarness, type AuthHarness } from "./test-support.js";

describe.each(databaseKinds)("refresh tokens and logout (%s)", (kind) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await openAuthHarness(kind);
    await h.signup("owner@sessions.test");
  });
  afterAll(async () => h?.close());

  const login = async (email = "owner@sessions.test") =>
    (await h.client.login({ email, password: "long-password" })).tokens!;
  const refresh = (refreshToken: string) => h.client.refresh({ refreshToken });
  const refusal = async (refreshToken: string) => (await catchPlatformError(refresh(refreshToken))).entry.key;
  const rowOf = (token: string) =>
    h.db.orm.em.fork().findOneOrFail(RefreshTokenEntity, { digest: digestRefreshToken(token) });

  it("rotates: a refresh token buys a new pair of the same family and is then used up", async () => {
    const first = await login();
    const second = (await refresh(first.refreshToken)).tokens!;
    expect(second).toMatchObject({ tokenType: "bearer", expiresIn: 3600 });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await h.asCaller(second.accessToken)).userId).toBe((await h.asCaller(first.accessToken)).userId);
    const [old, next] = [await rowOf(first.refreshToken), await rowOf(second.refreshToken)];
    expect(next.familyId).toBe(old.familyId);
    expect(old.usedAt).toEqual(h.now());
    expect(next.usedAt ?? null).toBeNull();
    const third = (await refresh(second.refreshToken)).tokens!;
    expect((await rowOf(third.refreshToken)).familyId).toBe(old.familyId);
  });

  it("revokes the whole family when a used token comes back, leaving other sessions alone", async () => {
    const first = await login();
    const other = await login();
    const second = (await refresh(first.refreshToken)).tokens!;
    const third = (await refresh(second.refreshToken)).tokens!;
    expect(await refusal(first.refreshToken)).toBe("INVALID_TOKEN");
    // The newest token of that family, held by the client or a thief, is dead too.
    expect(await refusal(third.refreshToken)).toBe("INVALID_TOKEN");
    expect((await rowOf(third.refreshToken)).revokedAt).toEqual(h.now());
    expect((await refresh(other.refreshToken)).tokens?.refreshToken).toMatch(/^rt_/);
  });

  it("lets exactly one of several concurrent refreshes of one token win, and treats the others as reuse", async () => {
    const pair = await login();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => refresh(pair.refreshToken)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === "rejected")) {
      expect((await catchPlatformError(Promise.reject(lost.reason))).entry.key).toBe("INVALID_TOKEN");
    }
    // The losers saw reuse, which revoked the family after the winner committed its successor.
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof refresh>>>).value.tokens!;
    expect(await refusal(winner.refreshToken)).toBe("INVALID_TOKEN");
  });

  it("answers EXPIRED_TOKEN after 30 days and INVALID_TOKEN for a token it never issued", async () => {
    const pair = await login();
    h.advance(REFRESH_TOKEN_SECONDS * 1000 - 1000);
    const stillGood = (await refresh(pair.refreshToken)).tokens!;
    h.advance(REFRESH_TOKEN_SECONDS * 1000);
    expect(await refusal(stillGood.refreshToken)).toBe("EXPIRED_TOKEN");
    expect(await refusal("rt_never-issued")).toBe("INVALID_TOKEN");
  });

  it("logs out every session of the caller's user and no one else's", async () => {
    const { admin } = await h.signup("other@sessions.test");
    await runAsPrincipal(admin, () =>
      h.client.createUser({ email: "member@sessions.test", password: "long-password", role: "user" }),
    );
    const laptop = await login("member@sessions.test");
    const phone = await login("member@sessions.test");
    const bystander = await login("other@sessions.test");
    await runAsPrincipal(await h.asCaller(laptop.accessToken), () => h.client.logout({}));
    expect(await refusal(laptop.refreshToken)).toBe("INVALID_TOKEN");
    expect(await refusal(phone.refreshToken)).toBe("INVALID_TOKEN");
    expect((await refresh(bystander.refreshToken)).tokens?.accessToken).toBeTruthy();
    // Access tokens are stateless: one already issued lives out its 60 minutes.
    expect((await h.asCaller(laptop.accessToken)).userId).toBeTruthy();
  });

  it("requires a caller to log out", async () => {
    expect((await catchPlatformError(h.client.logout({}))).entry.key).toBe("AUTHENTICATION_REQUIRED");
  });
});
