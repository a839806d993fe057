/**
 * `npm run backup [-- --data-dir ./data] [--out ./backups/<time>]`: an online backup
 * of the embedded platform's SQLite files (VACUUM INTO, while it runs), with a
 * manifest of checksums. PostgreSQL deployments use pg_dump / PITR instead (README,
 * "Backups").
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { backupSqliteFiles } from "@platform/persistence";

try {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" }, out: { type: "string" } }, strict: true });
  const dataDir = values["data-dir"] ?? process.env["DATA_DIR"] ?? "./data";
  const out = values.out ?? join("backups", new Date().toISOString().replace(/[:.]/g, "-"));
  const manifest = backupSqliteFiles(dataDir, out);
  for (const file of manifest.files) console.log(`${file.name}  ${file.bytes} bytes  sha256 ${file.sha256}`);
  console.log(`backup written to ${out}`);
} catch (failure) {
  console.error(`backup: ${(failure as Error).message}`);
  process.exit(1);
}
