import type { EntityManager } from "@mikro-orm/core";
import { invalidRequest, platformError } from "@platform/errors";
import { matchTotp, newTotpSecret, otpauthUrl } from "../domain/totp.js";
import { isOptimisticLockFailure } from "@platform/persistence";
import type { User } from "../persistence/entities.js";

const invalidCode = () => invalidRequest([{ field: "code", rule: "mfa.code", text: "invalid MFA code" }]);

/**
 * TOTP enrolment in two steps: SetupMfa stores a fresh secret without enabling it,
 * VerifyMfa enables it once the user proved their app produces its codes.
 */
export class MfaEnrolment {
  constructor(private readonly now: () => Date) {}

  /**
   * Refused once MFA is on: replacing the secret with only an access token would
   * let whoever holds one take over the second factor.
   */
  async setup(em: EntityManager, user: User): Promise<{ secret: string; otpauthUrl: string }> {
    if (user.mfaEnabled)
      throw platformError("RESOURCE_CONFLICT", { resource_type: "MFA enrolment", resource_id: user.id });
    user.mfaSecret = newTotpSecret();
    await em.flush();
    return { secret: user.mfaSecret, otpauthUrl: otpauthUrl(user.email, user.mfaSecret) };
  }

  /** Enables MFA when `code` is valid now for the stored secret; INVALID_FIELD_VALUE otherwise. */
  async verify(em: EntityManager, user: User, code: string, withChange?: () => void): Promise<void> {
    if (!user.mfaSecret)
      throw invalidRequest([{ field: "code", rule: "mfa.setup", text: "MFA setup has not been started" }]);
    const step = matchTotp(user.mfaSecret, code, this.now(), user.mfaLastStep);
    if (step === undefined) throw invalidCode();
    // The enrolment code counts as used, like any accepted code. The versioned flush
    // refuses a concurrent change (another verify with the same code) as a wrong code.
    user.mfaEnabled = true;
    user.mfaLastStep = step;
    withChange?.();
    try {
      await em.flush();
    } catch (failure) {
      if (isOptimisticLockFailure(failure)) throw invalidCode();
      throw failure;
    }
  }
}
