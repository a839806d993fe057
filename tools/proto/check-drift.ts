/**
 * Fails when the committed generated code in libs/proto/src/gen differs from
 * what proto/ generates now. Run by .ci/run; fix with `npm run proto:generate`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./build-image.js";
import { generate } from "./generate.js";

const scratch = mkdtempSync(join(tmpdir(), "proto-drift-"));
try {
  generate(scratch);
  const committed = join(root, "libs/proto/src/gen");
  const fresh = join(scratch, "libs/proto/src/gen");
  try {
    execFileSync("diff", ["-ru", committed, fresh], { stdio: "inherit" });
  } catch {
    console.error("\nGenerated code is out of date: run `npm run proto:generate` and commit the result.");
    process.exit(1);
  }
  console.log("generated code is up to date");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
