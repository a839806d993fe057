import type { ConnectError } from "@connectrpc/connect";
import { platformError } from "@platform/errors";
import { isConnectionFailure } from "./driver-errors.js";

/**
 * Persistence failures as catalogue errors: an unreachable database is 503
 * "Database connection failed" (retrying helps); other driver failures fall
 * through to the normaliser's INTERNAL_ERROR, their cause logged, never sent.
 */
export function toPlatformError(failure: unknown): ConnectError | undefined {
  if (isConnectionFailure(failure)) return platformError("DATABASE_UNAVAILABLE", {}, { retryAfterSeconds: 5, cause: failure });
  return undefined;
}
