/**
 * `buf breaking`: fails when proto/ changes the wire or source contract of what main
 * has (removed or renumbered fields, renamed messages, changed types; buf's FILE rules).
 *
 * The baseline is the merge base of HEAD and `main` (BREAKING_AGAINST overrides it), so
 * it works in a fresh clone where `main` is the only branch. On main itself the merge
 * base is HEAD, and the baseline becomes HEAD's first parent: main before its last change.
 * Both sides are built as images the way `proto:lint` builds them (see build-image.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildImage, root } from "./build-image.js";

const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const commitOf = (ref: string) => {
  try {
    return git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    return undefined;
  }
};

function baseline(): string | undefined {
  const override = process.env["BREAKING_AGAINST"];
  if (override) return commitOf(override) ?? fail(`BREAKING_AGAINST=${override} is not a commit`);
  const main = commitOf("main") ?? commitOf("origin/main");
  if (!main) return undefined;
  const head = git("rev-parse", "HEAD");
  const base = git("merge-base", head, main);
  return base === head ? commitOf("HEAD^1") : base;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const against = baseline();
if (!against) {
  console.log("buf breaking: no main (or no earlier commit on it) to compare with; nothing to check");
  process.exit(0);
}

const scratch = mkdtempSync(join(tmpdir(), "proto-breaking-"));
try {
  // The baseline's proto/ tree as it was committed.
  execFileSync("sh", ["-c", `git archive ${against} proto | tar -x -C "${scratch}"`], { cwd: root, stdio: "inherit" });
  const baseImage = buildImage(join(scratch, "proto"), join(root, "tmp", "proto-base-image.binpb"));
  const image = buildImage();
  try {
    execFileSync(
      join(root, "node_modules", ".bin", "buf"),
      ["breaking", image, "--against", baseImage, "--path", "platform"],
      { cwd: root, stdio: "inherit" },
    );
  } catch {
    fail(
      `\nproto/ breaks the contract of ${against.slice(0, 12)} (buf breaking above). Keep field numbers and names; add, do not change.`,
    );
  }
  console.log(`buf breaking: proto/ is compatible with ${against.slice(0, 12)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
