import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IN_MEMORY_SQLITE, databaseTargetFromEnv, inMemorySqliteTarget } from "./orm-config.js";

describe("databaseTargetFromEnv", () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it("picks PostgreSQL from DATABASE_URL, with the service's own schema", () => {
    const env = { DATABASE_URL: "postgresql://db.internal/platform", DATA_DIR: "/ignored" };
    expect(databaseTargetFromEnv({ service: "auth", env })).toEqual({
      kind: "postgresql",
      url: "postgresql://db.internal/platform",
      schema: "auth",
    });
    expect(databaseTargetFromEnv({ service: "approval", env })).toEqual({
      kind: "postgresql",
      url: "postgresql://db.internal/platform",
      schema: "approval",
    });
  });

  it("else picks <DATA_DIR>/<service>.sqlite and creates the folder", () => {
    folder = mkdtempSync(join(tmpdir(), "persistence-config-"));
    const dataDir = join(folder, "nested", "data");
    expect(databaseTargetFromEnv({ service: "registry", env: { DATA_DIR: dataDir } })).toEqual({
      kind: "sqlite",
      path: join(dataDir, "registry.sqlite"),
    });
    expect(existsSync(dataDir)).toBe(true);
  });

  it("prefers the dataDir option to DATA_DIR, and treats an empty DATABASE_URL as unset", () => {
    folder = mkdtempSync(join(tmpdir(), "persistence-config-"));
    const target = databaseTargetFromEnv({
      service: "governance",
      dataDir: folder,
      env: { DATA_DIR: "/not/this/one", DATABASE_URL: "" },
    });
    expect(target).toEqual({ kind: "sqlite", path: join(folder, "governance.sqlite") });
  });

  it("keeps the database in memory for dataDir :memory:", () => {
    expect(databaseTargetFromEnv({ service: "auth", dataDir: IN_MEMORY_SQLITE, env: {} })).toEqual({
      kind: "sqlite",
      path: ":memory:",
    });
    expect(databaseTargetFromEnv({ service: "auth", env: { DATA_DIR: ":memory:" } })).toEqual(inMemorySqliteTarget());
  });

  it("refuses a service name that is not a plain lower-case word", () => {
    for (const service of ["", "../auth", "Auth", "auth-service", 'a"b']) {
      expect(() => databaseTargetFromEnv({ service, env: { DATABASE_URL: "postgresql://h/db" } })).toThrow(
        /service name/,
      );
    }
  });
});
