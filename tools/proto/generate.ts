/**
 * Regenerates libs/proto/src/gen from proto/ (and google.rpc) with protoc-gen-es.
 * The output is committed; `npm run proto:check` fails CI when it is stale.
 */
import { execFileSync } from "node:child_process";
import { buildImage, root } from "./build-image.js";

export function generate(outDir?: string): void {
  const image = buildImage();
  const args = ["generate", image, "--path", "platform", "--path", "google/rpc", "--path", "grpc/health"];
  if (outDir) args.push("--output", outDir);
  execFileSync("buf", args, { cwd: root, stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generate();
  console.log("generated libs/proto/src/gen");
}
