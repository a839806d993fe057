import { platformError } from "@platform/errors";

/**
 * Account lockout (api-contract section 5): 5 consecutive failed logins (a wrong
 * password or a wrong MFA code) lock the account for 15 minutes. Locking resets
 * the counter, so the count starts afresh when the lock ends; a successful login
 * resets it too.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** What a login reads and writes of a user. */
export interface LoginState {
  readonly failedLogins: number;
  readonly lockedUntil?: Date | null;
  readonly mfaLastStep: number;
}

/** The end of the lock in force at `now`, if any. */
export function activeLock(state: LoginState, now: Date): Date | undefined {
  return state.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : undefined;
}

export function accountLocked(until: Date) {
  return platformError("ACCOUNT_LOCKED", { locked_until: until.toISOString() });
}

/** ACCOUNT_LOCKED while a lock is in force. */
export function assertNotLocked(state: LoginState, now: Date): void {
  const until = activeLock(state, now);
  if (until) throw accountLocked(until);
}

/** The change one more failure makes; none while already locked (those attempts are refused unread). */
export function afterFailure(state: LoginState, now: Date): Partial<LoginState> | undefined {
  if (activeLock(state, now)) return undefined;
  const failures = state.failedLogins + 1;
  if (failures >= MAX_FAILED_LOGINS)
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  return { failedLogins: failures, lockedUntil: null };
}

/**
 * The change a successful login makes: counter and any expired lock cleared, and the
 * accepted TOTP step remembered. Throws ACCOUNT_LOCKED when a concurrent failure
 * locked the account meanwhile, MFA_REQUIRED when a concurrent login used the same code.
 */
export function afterSuccess(state: LoginState, now: Date, mfaStep?: number): Partial<LoginState> | undefined {
  assertNotLocked(state, now);
  if (mfaStep !== undefined && mfaStep <= state.mfaLastStep) throw platformError("MFA_REQUIRED");
  const change: { failedLogins?: number; lockedUntil?: null; mfaLastStep?: number } = {};
  if (state.failedLogins !== 0 || state.lockedUntil) Object.assign(change, { failedLogins: 0, lockedUntil: null });
  if (mfaStep !== undefined) change.mfaLastStep = mfaStep;
  return Object.keys(change).length > 0 ? change : undefined;
}
