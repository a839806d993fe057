import { ConnectionException, OptimisticLockError, UniqueConstraintViolationException } from "@mikro-orm/core";

// Classification only: the services decide which catalogue error each case becomes
// (a duplicate email is a conflict, a duplicate id a bug), so this file names no
// catalogue entry. Failures of entity-manager calls arrive converted by MikroORM
// (DriverException subclasses); failures of raw connection or schema-generator calls
// arrive as the driver's own errors, so the codes are read from both.

/**
 * A write hit a unique index (a duplicate), on either driver: SQLite's
 * SQLITE_CONSTRAINT_UNIQUE and PostgreSQL's 23505 both become MikroORM's
 * UniqueConstraintViolationException.
 */
export function isUniqueConstraintViolation(failure: unknown): boolean {
  return failure instanceof UniqueConstraintViolationException;
}

/**
 * A versioned entity changed since it was read: the flush found another version in
 * the row (a concurrent writer won), or a `lockVersion` did not match. Reloading
 * and retrying, or telling the client to, is the caller's choice.
 */
export function isOptimisticLockFailure(failure: unknown): boolean {
  return failure instanceof OptimisticLockError;
}

/** Socket errors of a server that is down, unknown or unreachable. */
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** PostgreSQL SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now. */
const serverGoneCodes = new Set(["57P01", "57P02", "57P03"]);

/** node-postgres reports a dropped socket and its own pool timeout with messages only. */
const pgConnectionMessages = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** SQLite result code (low byte of the extended code) of a file that cannot be opened. */
const SQLITE_CANTOPEN = 14;

function hasConnectionCode(failure: object): boolean {
  const { code, errcode, message } = failure as { code?: unknown; errcode?: unknown; message?: unknown };
  if (typeof code === "string") {
    // 08xxx is PostgreSQL's "connection exception" class.
    if (networkCodes.has(code) || serverGoneCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (code === "ERR_SQLITE_ERROR" && typeof errcode === "number" && (errcode & 0xff) === SQLITE_CANTOPEN) return true;
  }
  return typeof message === "string" && pgConnectionMessages.test(message);
}

/**
 * The database cannot be reached, or dropped the connection: retrying later may
 * help (a 503 rather than a 500). True for MikroORM's ConnectionException, for
 * refused, reset or unresolvable connections, for PostgreSQL's 08xxx class and
 * 57P01-57P03 (server shutting down or starting), for node-postgres' "Connection
 * terminated" and for a SQLite file that cannot be opened. Causes are followed a
 * few levels deep, as wrappers keep the original in `cause`.
 */
export function isConnectionFailure(failure: unknown): boolean {
  let current: unknown = failure;
  for (let depth = 0; typeof current === "object" && current !== null && depth < 5; depth++) {
    if (current instanceof ConnectionException || hasConnectionCode(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
