import { ConnectionException, OptimisticLockError, UniqueConstraintViolationException } from "@mikro-orm/core";

/** A write hit a unique index (a duplicate), on either driver. */
export function isUniqueConstraintViolation(failure: unknown): boolean {
  return failure instanceof UniqueConstraintViolationException;
}

/** A versioned row changed since it was read (a concurrent writer won). */
export function isOptimisticLockFailure(failure: unknown): boolean {
  return failure instanceof OptimisticLockError;
}

const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "57P01", "57P02", "57P03"]);

/** The database cannot be reached (retrying later may help). */
export function isConnectionFailure(failure: unknown): boolean {
  if (failure instanceof ConnectionException) return true;
  let current: unknown = failure;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (connectionCodes.has(code) || code.startsWith("08"))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
