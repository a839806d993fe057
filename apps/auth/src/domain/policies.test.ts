import { ConnectError } from "@connectrpc/connect";
import { decodePlatformError } from "@platform/errors";
import { describe, expect, it } from "vitest";
import {
  activeLock,
  afterFailure,
  afterSuccess,
  LOCK_MINUTES,
  MAX_FAILED_LOGINS,
  type LoginState,
} from "./login-policy.js";
import { judgeRefreshToken } from "./refresh-policy.js";
import { lowerRole } from "./roles.js";
import { assertMayChangeRole, assertMayDelete, assertRoleWithin, type Actor } from "./user-rules.js";

function keyOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (failure) {
    return decodePlatformError(ConnectError.from(failure))?.entry.key;
  }
  return "passed";
}

const t0 = new Date("2026-03-01T12:00:00Z");
const plus = (ms: number) => new Date(t0.getTime() + ms);
const fresh: LoginState = { failedLogins: 0, lockedUntil: null, mfaLastStep: 0 };

describe("login policy", () => {
  it("locks for 15 minutes on the 5th consecutive failure and restarts the count", () => {
    expect([MAX_FAILED_LOGINS, LOCK_MINUTES]).toEqual([5, 15]);
    let state = fresh;
    for (let i = 1; i < 5; i++) {
      state = { ...state, ...afterFailure(state, t0) };
      expect(state).toMatchObject({ failedLogins: i, lockedUntil: null });
    }
    state = { ...state, ...afterFailure(state, t0) };
    expect(state).toMatchObject({ failedLogins: 0, lockedUntil: plus(15 * 60_000) });
    expect(activeLock(state, plus(15 * 60_000 - 1))).toEqual(plus(15 * 60_000));
    expect(activeLock(state, plus(15 * 60_000))).toBeUndefined();
  });

  it("counts nothing while locked, and starts from one after the lock ended", () => {
    const locked: LoginState = { failedLogins: 0, lockedUntil: plus(60_000), mfaLastStep: 0 };
    expect(afterFailure(locked, t0)).toBeUndefined();
    expect(afterFailure(locked, plus(60_000))).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it("clears the counter on success, refuses while locked, and remembers the TOTP step", () => {
    expect(afterSuccess(fresh, t0)).toBeUndefined();
    expect(afterSuccess({ ...fresh, failedLogins: 3 }, t0)).toEqual({ failedLogins: 0, lockedUntil: null });
    expect(afterSuccess({ ...fresh, lockedUntil: plus(-1) }, t0)).toEqual({ failedLogins: 0, lockedUntil: null });
    expect(keyOf(() => afterSuccess({ ...fresh, lockedUntil: plus(1) }, t0))).toBe("ACCOUNT_LOCKED");
    expect(afterSuccess(fresh, t0, 42)).toEqual({ mfaLastStep: 42 });
    expect(keyOf(() => afterSuccess({ ...fresh, mfaLastStep: 42 }, t0, 42))).toBe("MFA_REQUIRED");
  });
});

describe("refresh policy", () => {
  const live = { usedAt: null, revokedAt: null, expiresAt: plus(1000) };
  it("rotates a live token, calls a used or revoked one reuse even when expired, and an expired one expired", () => {
    expect(judgeRefreshToken(live, t0)).toBe("rotate");
    expect(judgeRefreshToken({ ...live, usedAt: t0 }, t0)).toBe("reuse");
    expect(judgeRefreshToken({ ...live, revokedAt: t0 }, t0)).toBe("reuse");
    expect(judgeRefreshToken({ ...live, usedAt: t0, expiresAt: plus(-1) }, t0)).toBe("reuse");
    expect(judgeRefreshToken({ ...live, expiresAt: t0 }, t0)).toBe("expired");
  });
});

describe("user rules", () => {
  const admin: Actor = { userId: "usr_admin", role: "admin", approvalLevel: 3 };
  it("lets a caller grant at most their own role", () => {
    expect(keyOf(() => assertRoleWithin(admin, "admin"))).toBe("passed");
    expect(keyOf(() => assertRoleWithin(admin, "senior_admin"))).toBe("INSUFFICIENT_PERMISSIONS");
  });

  it("refuses changing one's own role, a role above one's own, and users ranked above", () => {
    expect(keyOf(() => assertMayChangeRole(admin, { id: "usr_u", role: "user" }, "manager"))).toBe("passed");
    expect(keyOf(() => assertMayChangeRole(admin, { id: "usr_u", role: "user" }, "security_officer"))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(keyOf(() => assertMayChangeRole(admin, { id: "usr_admin", role: "admin" }, "user"))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(keyOf(() => assertMayChangeRole(admin, { id: "usr_s", role: "senior_admin" }, "user"))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
  });

  it("cap an API key's role at its creator's current role", () => {
    expect([lowerRole("admin", "manager"), lowerRole("user", "security_officer"), lowerRole("admin", "admin")]).toEqual(
      ["manager", "user", "admin"],
    );
  });

  it("refuses deleting oneself and users ranked above", () => {
    expect(keyOf(() => assertMayDelete(admin, { id: "usr_peer", role: "admin" }))).toBe("passed");
    expect(keyOf(() => assertMayDelete(admin, { id: "usr_admin", role: "admin" }))).toBe("INSUFFICIENT_PERMISSIONS");
    expect(keyOf(() => assertMayDelete(admin, { id: "usr_s", role: "security_officer" }))).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
  });
});
