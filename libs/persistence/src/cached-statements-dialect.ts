import { SqliteDialect } from "kysely";
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Most prepared statements kept per connection (the hot path uses a few dozen). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * MikroORM's `NodeSqliteDialect`, with each connection's prepared statements kept and
 * reused. The stock dialect prepares every statement each time it runs: SQLite then
 * parses and plans the same INSERT for every action, which cost about a third of
 * approval's time on the hot path. node:sqlite runs a statement to completion
 * synchronously (`all`/`run`), so one prepared statement is never used by two queries at
 * once and can be shared; a stream (`iterate`) prepares its own. The least recently used
 * statement goes first when the cache is full (statements built with many `?` for
 * multi-row inserts differ by row count, so their number is bounded by the batch sizes).
 */
export class CachedStatementsSqliteDialect extends SqliteDialect {
  constructor(path: string) {
    const { DatabaseSync: Database } = process.getBuiltinModule("node:sqlite");
    super({
      database: async () => {
        const db: DatabaseSync = new Database(path);
        const statements = new Map<string, StatementSync>();
        const prepared = (sql: string): StatementSync => {
          const cached = statements.get(sql);
          if (cached) {
            // Map keeps insertion order: re-inserting marks it most recently used.
            statements.delete(sql);
            statements.set(sql, cached);
            return cached;
          }
          const statement = db.prepare(sql);
          if (statements.size >= STATEMENT_CACHE_SIZE) {
            const oldest = statements.keys().next().value;
            if (oldest !== undefined) statements.delete(oldest);
          }
          statements.set(sql, statement);
          return statement;
        };
        return {
          prepare(sql: string) {
            const statement = prepared(sql);
            return {
              reader: /^\s*(select|pragma|explain|with)/i.test(sql) || /\breturning\b/i.test(sql),
              all: (params: readonly unknown[]) => statement.all(...(params as never[])),
              run: (params: readonly unknown[]) => statement.run(...(params as never[])),
              // A stream holds its statement open while it is read: it gets its own.
              iterate: (params: readonly unknown[]) =>
                db.prepare(sql).iterate(...(params as never[])) as IterableIterator<unknown>,
            };
          },
          close() {
            statements.clear();
            db.close();
          },
        };
      },
    });
  }
}
