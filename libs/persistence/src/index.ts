export {
  IN_MEMORY_SQLITE,
  databaseTargetFromEnv,
  inMemorySqliteTarget,
  type DatabaseTarget,
  type DatabaseTargetOptions,
} from "./orm-config.js";
export { closeDatabase, openDatabase, type OpenDatabaseOptions } from "./open-database.js";
export { checkDatabase } from "./readiness.js";
export {
  MANIFEST_FILE,
  backupSqliteFiles,
  restoreSqliteFiles,
  sqliteFilesIn,
  type BackupManifest,
} from "./sqlite-backup.js";
export { UnsafeSchemaChangeError } from "./schema-update.js";
export {
  MIGRATIONS_TABLE,
  applyMigrations,
  describeSchema,
  migratorOf,
  migratorOptions,
  revertMigrations,
  schemaDrift,
  type MigrationList,
  type ServiceMigrations,
} from "./migrations.js";
export { SQLITE_PRAGMAS } from "./sqlite-driver.js";
export { isConnectionFailure, isOptimisticLockFailure, isUniqueConstraintViolation } from "./errors.js";
export { flushUnique } from "./flush-unique.js";
export { toPlatformError } from "./to-platform-error.js";
export { newId } from "./ids.js";
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  olderThan,
  pageSize,
  toPage,
  type PageCursor,
} from "./pagination.js";
// Kept here for callers that clean up targets they made themselves (the gateway's test platform).
export { dropTestSchema } from "./testing.js";
export { insertRows } from "./insert-rows.js";
export { runCached } from "./cached-statements.js";
