import type { EntityManager } from "@mikro-orm/core";
import { isUniqueConstraintViolation } from "./errors.js";

/**
 * Flushes, turning a unique-index violation into the caller's conflict error. Services
 * check for a duplicate before inserting; two requests can still race past that check,
 * and then the unique index decides and the loser gets the same answer as a plain duplicate.
 */
export async function flushUnique(em: EntityManager, conflict: () => Error): Promise<void> {
  try {
    await em.flush();
  } catch (failure) {
    throw isUniqueConstraintViolation(failure) ? conflict() : failure;
  }
}
