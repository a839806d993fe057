import type { EntityManager } from "@mikro-orm/core";
import { isUniqueConstraintViolation } from "@platform/persistence";

/** Flushes, turning a unique-index violation into the caller's conflict error (the check-then-insert race). */
export async function flushUnique(em: EntityManager, conflict: () => Error): Promise<void> {
  try {
    await em.flush();
  } catch (failure) {
    throw isUniqueConstraintViolation(failure) ? conflict() : failure;
  }
}
