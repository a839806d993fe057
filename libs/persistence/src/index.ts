export { databaseTargetFromEnv, type DatabaseTarget } from "./database-target.js";
export { isConnectionFailure, isOptimisticLockFailure, isUniqueConstraintViolation } from "./driver-errors.js";
export { newId } from "./ids.js";
export { closeDatabase, openDatabase, type OpenDatabaseOptions } from "./open-database.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, olderThan, pageSize, toPage, type PageCursor } from "./pagination.js";
export { toPlatformError } from "./to-platform-error.js";
export { dropTestSchema } from "./testing.js";
