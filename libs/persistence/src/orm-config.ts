import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Where a service keeps its data: a SQLite file (embedded default), or its own
 * schema in a shared PostgreSQL database (production). The same entities and
 * repositories run on both; only this value differs.
 */
export type DatabaseTarget =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgresql"; readonly url: string; readonly schema: string };

/**
 * The SQLite path of a database that lives only in memory. Each ORM opened on it
 * gets its own empty database, which is gone when that ORM closes: for tests that
 * need no file and never reopen the same target.
 */
export const IN_MEMORY_SQLITE = ":memory:";

/** A SQLite database held in memory (see {@link IN_MEMORY_SQLITE}). */
export function inMemorySqliteTarget(): DatabaseTarget {
  return { kind: "sqlite", path: IN_MEMORY_SQLITE };
}

export interface DatabaseTargetOptions {
  /** auth, registry, governance or approval: names the SQLite file or the PostgreSQL schema. */
  readonly service: string;
  /** Folder of the SQLite files; wins over DATA_DIR. `":memory:"` keeps the database in memory. */
  readonly dataDir?: string;
  /** The configuration to read (DATABASE_URL, DATA_DIR); process.env when not given. */
  readonly env?: NodeJS.ProcessEnv;
}

// The service name becomes a file name and a quoted SQL identifier: keep it to a
// plain lower-case word so neither can be surprised (no "..", no quotes, no case folding).
const serviceName = /^[a-z][a-z0-9_]*$/;

/**
 * The database of a service from its configuration: PostgreSQL when DATABASE_URL
 * is set (the schema is the service name, so the services never share a table),
 * else the SQLite file `<dataDir ?? DATA_DIR ?? ./data>/<service>.sqlite`, whose
 * folder is created here so a fresh checkout starts without setup.
 */
export function databaseTargetFromEnv(options: DatabaseTargetOptions): DatabaseTarget {
  const { service } = options;
  if (!serviceName.test(service)) throw new Error(`service name ${JSON.stringify(service)} must match ${serviceName}`);
  const env = options.env ?? process.env;
  const url = env["DATABASE_URL"];
  if (url) return { kind: "postgresql", url, schema: service };
  const dataDir = options.dataDir ?? env["DATA_DIR"] ?? "./data";
  if (dataDir === IN_MEMORY_SQLITE) return inMemorySqliteTarget();
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return { kind: "sqlite", path: join(dir, `${service}.sqlite`) };
}
