/**
 * Builds a protobuf image (a FileDescriptorSet with source info) of everything in
 * proto/ plus the google.rpc error details, for `buf lint` and `buf generate`.
 *
 * Why an image: buf.validate's .proto source is not reachable here (no Buf Schema
 * Registry), but @bufbuild/protovalidate ships its compiled descriptor. We write
 * that descriptor out and hand it to protoc with --descriptor_set_in
 * (toolchain.md, "Protobuf").
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { create, toBinary, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

export const root = new URL("../..", import.meta.url).pathname;
export const imagePath = join(root, "tmp", "proto-image.binpb");
const googleProtoFiles = join(root, "node_modules", "google-proto-files");

/** google.rpc files the error model needs (architecture.md, "Error model"). */
export const googleRpcFiles = ["google/rpc/error_details.proto", "google/rpc/status.proto", "google/rpc/code.proto"];

function collect(file: DescFile, out: Map<string, DescFile>): void {
  for (const dep of file.dependencies) collect(dep, out);
  out.set(file.proto.name, file);
}

function listProtos(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listProtos(path);
    return name.endsWith(".proto") ? [path] : [];
  });
}

/** Builds the image of the .proto files under `protoDir` (default: this checkout's proto/) into `out`. */
export function buildImage(protoDir = join(root, "proto"), out = imagePath): string {
  mkdirSync(join(root, "tmp"), { recursive: true });
  const files = new Map<string, DescFile>();
  collect(file_buf_validate_validate, files);
  const validateSet = join(root, "tmp", "buf-validate.binpb");
  writeFileSync(
    validateSet,
    toBinary(
      FileDescriptorSetSchema,
      create(FileDescriptorSetSchema, { file: [...files.values()].map((f) => f.proto) }),
    ),
  );

  const ownFiles = listProtos(protoDir)
    .map((p) => relative(protoDir, p))
    .sort();
  execFileSync(
    "protoc",
    [
      `--descriptor_set_in=${validateSet}`,
      `-I${protoDir}`,
      `-I${googleProtoFiles}`,
      "--include_imports",
      "--include_source_info",
      `--descriptor_set_out=${out}`,
      ...ownFiles,
      ...googleRpcFiles,
    ],
    { stdio: "inherit" },
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildImage();
  console.log(`wrote ${relative(root, imagePath)}`);
}
