import { AbstractSqlDriver, BaseSqliteConnection, SqlitePlatform, type Configuration } from "@mikro-orm/sql";

/**
 * Per-connection settings, in this order:
 * - busy_timeout first, so the statements after it (and every later write) wait
 *   up to 5 s for another connection or process holding the write lock instead
 *   of failing at once with SQLITE_BUSY;
 * - WAL lets readers and the single writer work at the same time (it is stored in
 *   the file; setting it again is a no-op);
 * - synchronous NORMAL: in WAL mode a crash of the process still loses no commit,
 *   only a power loss may drop the last ones; FULL would fsync every commit;
 * - foreign keys on (SQLite's default is off; MikroORM sets it too);
 * - a checkpoint every 10,000 WAL pages instead of 1,000: the hot path rewrites the
 *   same pages (index leaves, the audit heads) commit after commit, and a checkpoint
 *   copies each page once however often it was written, so fewer checkpoints copy
 *   less (the WAL file grows to about 40 MB between them);
 * - a page cache of up to 16 MB (2 MB by default), so the hot index pages of a grown
 *   database are read from memory; it is filled only as pages are read, and it stays
 *   filled (64 MB kept about 60 MB more of approval's memory after the bench's load).
 */
export const SQLITE_PRAGMAS: readonly string[] = [
  "pragma busy_timeout = 5000",
  "pragma journal_mode = wal",
  "pragma synchronous = normal",
  "pragma foreign_keys = on",
  "pragma wal_autocheckpoint = 10000",
  "pragma cache_size = -16384",
];

/**
 * MikroORM's node:sqlite connection, with {@link SQLITE_PRAGMAS} run each time it
 * connects. Pragmas live on the connection, so running them once after init would
 * silently lose them on a reconnect (`orm.reconnect()`, close then connect).
 */
class TunedSqliteConnection extends BaseSqliteConnection {
  override async connect(options?: { skipOnConnect?: boolean }): Promise<void> {
    await super.connect(options);
    for (const pragma of SQLITE_PRAGMAS) await this.execute(pragma);
  }
}

/**
 * MikroORM's generic SQLite driver (`SqliteDriver` of @mikro-orm/sql, used with a
 * `NodeSqliteDialect`) with a connection that applies {@link SQLITE_PRAGMAS}.
 * `SqliteDriver` fixes its connection class in its constructor, so this is the same
 * three lines with ours.
 */
export class TunedSqliteDriver extends AbstractSqlDriver<TunedSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), TunedSqliteConnection, ["kysely"]);
  }
}
