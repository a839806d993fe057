import type { EntityManager } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { normalizeEmail } from "../domain/email.js";
import { accountLocked, activeLock, afterFailure, afterSuccess, assertNotLocked } from "../domain/login-policy.js";
import { decoyHash, verifySecret } from "../domain/secret-hash.js";
import { matchTotp } from "../domain/totp.js";
import { UserEntity, type User } from "../persistence/entities.js";
import { updateLoginState } from "../persistence/login-state.js";

/**
 * The first factor (password) and, for enrolled users, the second (TOTP), with
 * lockout. Order matters: a locked account is refused before its password is
 * checked (a guess during the lock tells nothing); MFA_REQUIRED only follows a
 * correct password, so it never confirms a guess of the second factor alone.
 */
export class PasswordLogin {
  constructor(private readonly now: () => Date) {}

  async verify(em: EntityManager, email: string, password: string, mfaCode: string): Promise<User> {
    const user = await em.findOne(UserEntity, { email: normalizeEmail(email) });
    const at = this.now();
    if (user) assertNotLocked(user, at);
    // Unknown emails cost the same scrypt time as wrong passwords, and lock nothing.
    const passwordOk = await verifySecret(password, user?.passwordHash ?? decoyHash);
    if (!user) throw platformError("INVALID_CREDENTIALS");
    if (!passwordOk) return this.fail(em, user, at, platformError("INVALID_CREDENTIALS"));
    let step: number | undefined;
    if (user.mfaEnabled) {
      // A missing code is the normal first half of an MFA login, not a failure.
      if (!mfaCode) throw platformError("MFA_REQUIRED");
      step = matchTotp(user.mfaSecret, mfaCode, at, user.mfaLastStep);
      if (step === undefined) return this.fail(em, user, at, platformError("MFA_REQUIRED"));
    }
    const written = await updateLoginState(em, user, (state) => afterSuccess(state, at, step));
    if (!written) throw platformError("SERVICE_UNAVAILABLE", { service: "auth" }, { retryAfterSeconds: 1 });
    return user;
  }

  /** Counts a failure; the attempt that locks the account already answers ACCOUNT_LOCKED. */
  private async fail(em: EntityManager, user: User, at: Date, error: Error): Promise<never> {
    const state = await updateLoginState(em, user, (s) => afterFailure(s, at));
    const until = state && activeLock(state, at);
    throw until ? accountLocked(until) : error;
  }
}
