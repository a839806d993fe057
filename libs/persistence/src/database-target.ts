import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Where a service keeps its data: a SQLite file (embedded default) or its own
 * schema in a shared PostgreSQL database (production).
 */
export type DatabaseTarget =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgresql"; readonly url: string; readonly schema: string };

/** PostgreSQL when DATABASE_URL is set (schema = service name), else `<DATA_DIR>/<service>.sqlite`. */
export function databaseTargetFromEnv(options: { service: string; env?: NodeJS.ProcessEnv }): DatabaseTarget {
  const env = options.env ?? process.env;
  const url = env["DATABASE_URL"];
  if (url) return { kind: "postgresql", url, schema: options.service };
  const dir = resolve(env["DATA_DIR"] ?? "./data");
  mkdirSync(dir, { recursive: true });
  return { kind: "sqlite", path: join(dir, `${options.service}.sqlite`) };
}
