import { catchPlatformError } from "@platform/testing";
import type { Principal } from "@platform/proto/principal";
import { runAsPrincipal } from "@platform/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base32Decode } from "./domain/base32.js";
import { totpAt } from "./domain/totp.js";
import { databaseKinds, openAuthHarness, type AuthHarness } from "./test-support.js";

const STEP = 30_000;
const MINUTE = 60_000;

describe.each(databaseKinds)("TOTP MFA and account lockout (%s)", (kind) => {
  let h: AuthHarness;
  let admin: Principal;
  beforeAll(async () => {
    h = await openAuthHarness(kind);
    ({ admin } = await h.signup("admin@guard.test"));
  });
  afterAll(async () => h?.close());

  const newUser = async (email: string) =>
    runAsPrincipal(admin, () => h.client.createUser({ email, password: "right-password", role: "user" }));
  const login = (email: string, password = "right-password", mfaCode = "") =>
    h.client.login({ email, password, mfaCode });
  const failure = async (email: string, password = "right-password", mfaCode = "") =>
    catchPlatformError(login(email, password, mfaCode));
  const codeAt = (secret: string, offsetMs = 0) =>
    totpAt(base32Decode(secret)!, new Date(h.now().getTime() + offsetMs));
  /** A well-formed code valid at no step of the window (a fixed guess could collide with it). */
  const wrongCode = (secret: string) => {
    const window = [-STEP, 0, STEP].map((offset) => codeAt(secret, offset));
    let guess = 0;
    while (window.includes(String(guess).padStart(6, "0"))) guess++;
    return String(guess).padStart(6, "0");
  };

  /** Sets up and verifies MFA for a user; returns the secret and moves past the enrolment code's step. */
  async function enrol(email: string): Promise<string> {
    const me = await h.asCaller((await login(email)).tokens!.accessToken);
    const { secret } = await runAsPrincipal(me, () => h.client.setupMfa({}));
    await runAsPrincipal(me, () => h.client.verifyMfa({ code: codeAt(secret) }));
    h.advance(3 * STEP);
    return secret;
  }

  it("enrols in two steps: setup stores a secret without enabling it, verify enables it", async () => {
    await newUser("mfa@guard.test");
    const me = await h.asCaller((await login("mfa@guard.test")).tokens!.accessToken);
    const setup = await runAsPrincipal(me, () => h.client.setupMfa({}));
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUrl).toBe(
      `otpauth://totp/AgentGovernance:mfa@guard.test?secret=${setup.secret}&issuer=AgentGovernance`,
    );
    expect((await runAsPrincipal(me, () => h.client.getMe({}))).user?.mfaEnabled).toBe(false);
    expect((await login("mfa@guard.test")).tokens?.accessToken).toBeTruthy(); // not in force yet

    const wrong = await catchPlatformError(
      runAsPrincipal(me, () => h.client.verifyMfa({ code: wrongCode(setup.secret) })),
    );
    expect(wrong.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(wrong.problems?.[0]).toMatchObject({ field: "code", rule: "mfa.code" });
    expect((await runAsPrincipal(me, () => h.client.verifyMfa({ code: codeAt(setup.secret) }))).mfaEnabled).toBe(true);
    expect((await runAsPrincipal(me, () => h.client.getMe({}))).user?.mfaEnabled).toBe(true);
    // Once on, the secret cannot be swapped with just an access token.
    expect((await catchPlatformError(runAsPrincipal(me, () => h.client.setupMfa({})))).entry.key).toBe(
      "RESOURCE_CONFLICT",
    );
  });

  it("refuses to verify before setup", async () => {
    await newUser("nosetup@guard.test");
    const me = await h.asCaller((await login("nosetup@guard.test")).tokens!.accessToken);
    const refused = await catchPlatformError(runAsPrincipal(me, () => h.client.verifyMfa({ code: "123456" })));
    expect(refused.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(refused.problems?.[0]).toMatchObject({ field: "code", rule: "mfa.setup" });
  });

  it("asks an enrolled user for the code only after a right password, and accepts it once", async () => {
    await newUser("second@guard.test");
    const secret = await enrol("second@guard.test");
    expect((await failure("second@guard.test")).entry.key).toBe("MFA_REQUIRED");
    expect((await failure("second@guard.test", "wrong-password")).entry.key).toBe("INVALID_CREDENTIALS");
    expect((await failure("second@guard.test", "right-password", wrongCode(secret))).entry.key).toBe("MFA_REQUIRED");
    const code = codeAt(secret);
    const ok = await login("second@guard.test", "right-password", code);
    expect(ok.user?.mfaEnabled).toBe(true);
    expect((await h.asCaller(ok.tokens!.accessToken)).authMethod).toBe("bearer");
    // RFC 6238 section 5.2: the same code is never accepted twice.
    expect((await failure("second@guard.test", "right-password", code)).entry.key).toBe("MFA_REQUIRED");
  });

  it("tolerates one step of clock drift either way, not two", async () => {
    await newUser("drift@guard.test");
    const secret = await enrol("drift@guard.test");
    expect((await login("drift@guard.test", "right-password", codeAt(secret, STEP))).tokens).toBeDefined();
    h.advance(3 * STEP);
    expect((await login("drift@guard.test", "right-password", codeAt(secret, -STEP))).tokens).toBeDefined();
    h.advance(3 * STEP);
    expect((await failure("drift@guard.test", "right-password", codeAt(secret, -2 * STEP))).entry.key).toBe(
      "MFA_REQUIRED",
    );
    expect((await failure("drift@guard.test", "right-password", codeAt(secret, 2 * STEP))).entry.key).toBe(
      "MFA_REQUIRED",
    );
  });

  it("locks an account for 15 minutes after 5 wrong passwords, even against the right one", async () => {
    await newUser("lock@guard.test");
    for (let i = 0; i < 4; i++)
      expect((await failure("lock@guard.test", "wrong-password")).entry.key).toBe("INVALID_CREDENTIALS");
    const until = new Date(h.now().getTime() + 15 * MINUTE).toISOString();
    const fifth = await failure("lock@guard.test", "wrong-password");
    expect({ key: fifth.entry.key, until: fifth.params["locked_until"] }).toEqual({ key: "ACCOUNT_LOCKED", until });
    expect(fifth.error.message).toContain(until);
    h.advance(15 * MINUTE - 1000);
    const stillLocked = await failure("lock@guard.test");
    expect({ key: stillLocked.entry.key, until: stillLocked.params["locked_until"] }).toEqual({
      key: "ACCOUNT_LOCKED",
      until,
    });
    h.advance(1000);
    expect((await login("lock@guard.test")).user?.email).toBe("lock@guard.test");
  });

  it("starts counting afresh when the lock ends and after every success", async () => {
    await newUser("reset@guard.test");
    for (let i = 0; i < 5; i++) await failure("reset@guard.test", "wrong-password");
    h.advance(15 * MINUTE);
    // The lock ended on its own: one more failure is the first of a new run.
    expect((await failure("reset@guard.test", "wrong-password")).entry.key).toBe("INVALID_CREDENTIALS");
    for (let i = 0; i < 3; i++) await failure("reset@guard.test", "wrong-password");
    await login("reset@guard.test");
    for (let i = 0; i < 4; i++)
      expect((await failure("reset@guard.test", "wrong-password")).entry.key).toBe("INVALID_CREDENTIALS");
    expect((await login("reset@guard.test")).tokens).toBeDefined();
  });

  it("counts wrong MFA codes as failed logins, but not a missing one", async () => {
    await newUser("mfalock@guard.test");
    const secret = await enrol("mfalock@guard.test");
    for (let i = 0; i < 6; i++) expect((await failure("mfalock@guard.test")).entry.key).toBe("MFA_REQUIRED");
    for (let i = 0; i < 4; i++)
      expect((await failure("mfalock@guard.test", "right-password", wrongCode(secret))).entry.key).toBe("MFA_REQUIRED");
    expect((await failure("mfalock@guard.test", "right-password", wrongCode(secret))).entry.key).toBe("ACCOUNT_LOCKED");
    expect((await failure("mfalock@guard.test", "right-password", codeAt(secret))).entry.key).toBe("ACCOUNT_LOCKED");
  });

  it("counts every one of concurrent wrong passwords", async () => {
    await newUser("burst@guard.test");
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => login("burst@guard.test", "wrong-password")),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect((await failure("burst@guard.test")).entry.key).toBe("ACCOUNT_LOCKED");
  });

  it("never locks an unknown email, and answers it like a wrong password", async () => {
    for (let i = 0; i < 6; i++)
      expect((await failure("ghost@guard.test", "any-password")).entry.key).toBe("INVALID_CREDENTIALS");
  });
});
