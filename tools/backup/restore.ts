/**
 * `npm run restore -- --from ./backups/<time> [--data-dir ./data] [--force]`: puts a
 * backup of `npm run backup` back, with the platform stopped. Every file is checked
 * (checksum, integrity) before anything is replaced; `--force` replaces existing
 * databases. Then start the platform and check `GET /api/audit/verify`.
 */
import { parseArgs } from "node:util";
import { restoreSqliteFiles } from "@platform/persistence";

try {
  const { values } = parseArgs({
    options: { from: { type: "string" }, "data-dir": { type: "string" }, force: { type: "boolean", default: false } },
    strict: true,
  });
  if (!values.from) throw new Error("--from <backup folder> is required");
  const dataDir = values["data-dir"] ?? process.env["DATA_DIR"] ?? "./data";
  const manifest = restoreSqliteFiles(values.from, dataDir, { force: values.force });
  console.log(
    `restored ${manifest.files.map((f) => f.name).join(", ")} (backup of ${manifest.createdAt}) into ${dataDir}`,
  );
} catch (failure) {
  console.error(`restore: ${(failure as Error).message}`);
  process.exit(1);
}
