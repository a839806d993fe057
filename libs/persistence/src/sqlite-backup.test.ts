import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { backupSqliteFiles, MANIFEST_FILE, restoreSqliteFiles } from "./sqlite-backup.js";

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), "sqlite-backup-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function database(path: string, rows: number): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("pragma journal_mode = wal; create table if not exists t (n integer)");
  for (let i = 0; i < rows; i++) db.prepare("insert into t values (?)").run(i);
  return db;
}
const count = (path: string) =>
  (new DatabaseSync(path, { readOnly: true }).prepare("select count(*) as n from t").get() as { n: number }).n;

describe("SQLite backup and restore", () => {
  it("copies a database that is open and being written, with checksums", () => {
    const live = dir();
    const writer = database(join(live, "approval.sqlite"), 5);
    writer.exec("begin");
    writer.prepare("insert into t values (99)").run(); // uncommitted: not in the snapshot
    const out = join(dir(), "b");
    const manifest = backupSqliteFiles(live, out);
    writer.exec("commit");
    writer.close();
    expect(manifest.files).toEqual([
      { name: "approval.sqlite", bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(count(join(out, "approval.sqlite"))).toBe(5);
    expect(existsSync(join(out, MANIFEST_FILE))).toBe(true);
  });

  it("restores over stale WAL files only with force, and refuses a damaged backup without changing anything", () => {
    const live = dir();
    database(join(live, "auth.sqlite"), 3).close();
    const out = join(dir(), "b");
    backupSqliteFiles(live, out);
    const target = dir();
    database(join(target, "auth.sqlite"), 10).close();
    writeFileSync(join(target, "auth.sqlite-wal"), "stale");
    expect(() => restoreSqliteFiles(out, target)).toThrow(/--force/);
    expect(count(join(target, "auth.sqlite"))).toBe(10);
    restoreSqliteFiles(out, target, { force: true });
    expect(existsSync(join(target, "auth.sqlite-wal"))).toBe(false);
    expect(count(join(target, "auth.sqlite"))).toBe(3);

    appendFileSync(join(out, "auth.sqlite"), "tampered");
    const before = readFileSync(join(target, "auth.sqlite"));
    expect(() => restoreSqliteFiles(out, target, { force: true })).toThrow(/checksum/);
    expect(readFileSync(join(target, "auth.sqlite")).equals(before)).toBe(true);
  });

  it("refuses to write into a folder that already holds a backup", () => {
    const live = dir();
    database(join(live, "auth.sqlite"), 1).close();
    const out = join(dir(), "b");
    backupSqliteFiles(live, out);
    expect(() => backupSqliteFiles(live, out)).toThrow(/already holds a backup/);
  });
});
