import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** What `npm run backup` wrote: one entry per service database. */
export interface BackupManifest {
  readonly createdAt: string;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
}

export const MANIFEST_FILE = "manifest.json";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The service databases of a data dir: `<service>.sqlite`, never their -wal/-shm companions. */
export function sqliteFilesIn(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith(".sqlite"))
    .sort();
}

function integrityOf(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const row = db.prepare("pragma integrity_check").get() as { integrity_check: string } | undefined;
    return row?.integrity_check ?? "no answer";
  } finally {
    db.close();
  }
}

/**
 * Copies every service database of `dataDir` into `outDir` while the platform
 * runs: `VACUUM INTO` reads one consistent snapshot of a file inside a read
 * transaction (WAL: the services keep writing meanwhile) and writes a compact copy
 * with no WAL of its own. Each copy is integrity-checked and listed with its SHA-256
 * in manifest.json. Each file is consistent in itself; the four are taken one after
 * the other, not at one instant (every cross-service reference is by id, and the
 * audit chain lives in one file).
 */
export function backupSqliteFiles(dataDir: string, outDir: string): BackupManifest {
  const names = sqliteFilesIn(dataDir);
  if (names.length === 0) throw new Error(`no *.sqlite files in ${resolve(dataDir)}`);
  mkdirSync(outDir, { recursive: true });
  if (sqliteFilesIn(outDir).length > 0) throw new Error(`${resolve(outDir)} already holds a backup`);
  const files = names.map((name) => {
    const target = join(outDir, name);
    const db = new DatabaseSync(join(dataDir, name));
    try {
      db.exec("pragma busy_timeout = 5000");
      db.prepare("vacuum into ?").run(target);
    } finally {
      db.close();
    }
    const integrity = integrityOf(target);
    if (integrity !== "ok") throw new Error(`backup of ${name} fails its integrity check: ${integrity}`);
    return { name, bytes: statSync(target).size, sha256: sha256(target) };
  });
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), files };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Puts a backup back into `dataDir`, with the platform stopped. Every file is
 * checked first (manifest checksum, integrity_check), so a damaged backup changes
 * nothing; then each database replaces the current one by an atomic rename, and
 * its old -wal/-shm files are removed (a stale WAL would otherwise be replayed
 * onto the restored file). Existing databases are replaced only with `force`.
 */
export function restoreSqliteFiles(
  backupDir: string,
  dataDir: string,
  options: { force?: boolean } = {},
): BackupManifest {
  const manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST_FILE), "utf8")) as BackupManifest;
  for (const file of manifest.files) {
    if (basename(file.name) !== file.name || !file.name.endsWith(".sqlite"))
      throw new Error(`manifest names an unexpected file: ${file.name}`);
    const source = join(backupDir, file.name);
    if (!existsSync(source)) throw new Error(`backup lacks ${file.name}`);
    if (sha256(source) !== file.sha256) throw new Error(`${file.name} does not match its checksum in the manifest`);
    const integrity = integrityOf(source);
    if (integrity !== "ok") throw new Error(`${file.name} fails its integrity check: ${integrity}`);
    if (!options.force && existsSync(join(dataDir, file.name)))
      throw new Error(
        `${join(resolve(dataDir), file.name)} exists: stop the platform and restore with --force to replace it`,
      );
  }
  mkdirSync(dataDir, { recursive: true });
  for (const file of manifest.files) {
    const target = join(dataDir, file.name);
    const scratch = `${target}.restoring`;
    copyFileSync(join(backupDir, file.name), scratch);
    for (const companion of ["-wal", "-shm", "-journal"]) rmSync(`${target}${companion}`, { force: true });
    renameSync(scratch, target);
  }
  return manifest;
}
