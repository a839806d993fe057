import type { ConnectError } from "@connectrpc/connect";
import { DeadlockException, DriverException, LockWaitTimeoutException, OptimisticLockError } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { isConnectionFailure } from "./errors.js";

/**
 * Persistence failures as catalogue errors: an unreachable database is 503
 * "Database connection failed" (retrying helps); any other driver failure is 500
 * DATABASE_ERROR. Causes are logged by the normaliser, never sent.
 */
export function toPlatformError(failure: unknown): ConnectError | undefined {
  if (isConnectionFailure(failure))
    return platformError("DATABASE_UNAVAILABLE", {}, { retryAfterSeconds: 5, cause: failure });
  // Two requests changed the same row at once: a client error that retrying fixes, never a 500.
  if (
    failure instanceof OptimisticLockError ||
    failure instanceof DeadlockException ||
    failure instanceof LockWaitTimeoutException
  ) {
    return platformError("CONCURRENT_MODIFICATION", {}, { cause: failure });
  }
  // Any other failure the database itself reported (a constraint, a bad statement): retrying will not fix it.
  if (failure instanceof DriverException) return platformError("DATABASE_ERROR", {}, { cause: failure });
  return undefined;
}
