import type { EntityManager } from "@mikro-orm/core";
import type { LoginState } from "../domain/login-policy.js";
import { UserEntity, type User } from "./entities.js";

const maxAttempts = 10;

const stateOf = (user: User): LoginState => ({
  failedLogins: user.failedLogins,
  lockedUntil: user.lockedUntil ?? null,
  mfaLastStep: user.mfaLastStep,
});

/**
 * Applies `decide` to a user's login state as a compare-and-set on the version
 * column, re-reading after a concurrent change, so parallel failed logins each
 * count and a lock is never lost. Returns the state written (or the unchanged
 * state when `decide` wants no change), undefined when every attempt lost a race;
 * each lost race means another login's change went through, so the count still advances.
 */
export async function updateLoginState(
  em: EntityManager,
  user: User,
  decide: (state: LoginState) => Partial<LoginState> | undefined,
): Promise<LoginState | undefined> {
  let current: User | null = user;
  for (let attempt = 0; attempt < maxAttempts && current; attempt++) {
    const state = stateOf(current);
    const change = decide(state);
    if (!change) return state;
    const written = await em.nativeUpdate(
      UserEntity,
      { id: current.id, version: current.version },
      { ...change, version: current.version + 1 },
    );
    if (written === 1) return { ...state, ...change };
    current = await em.fork().findOne(UserEntity, { id: user.id });
  }
  return undefined;
}
