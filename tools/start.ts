/**
 * `npm start`: runs the whole platform on this machine from the compiled JavaScript
 * in dist/ (`npm run build`, which `npm start` runs first and skips when nothing
 * changed). Four services and the gateway, each its own process with OpenTelemetry
 * loaded first, SQLite files under DATA_DIR (default ./data) unless DATABASE_URL
 * points at PostgreSQL.
 *
 * A child that dies is restarted (first after 100 ms, then with a doubling backoff)
 * while the others keep serving; one that crashes 5 times within a minute makes the
 * platform stop with exit code 1. Ctrl-C or SIGTERM stops every child gracefully.
 */
import "./config/check-env.js"; // every app's configuration, checked before anything starts
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_PORTS } from "@platform/config";
import { Supervisor, type ChildSpec } from "./supervisor.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const env = process.env;
const ports = Object.fromEntries(
  Object.entries(SERVICE_PORTS).map(([name, port]) => [name, env[`${name.toUpperCase()}_PORT`] ?? String(port)]),
);
const urls = Object.fromEntries(
  Object.entries(ports).map(([name, port]) => [
    `${name.toUpperCase()}_URL`,
    env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}`,
  ]),
);
const apps = ["auth", "registry", "approval", "governance", "gateway"] as const;

function prefix(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) out.write(`${name.padEnd(10)} | ${line}\n`);
  });
}

/**
 * `PLATFORM_CPU_PROFILE=approval,governance npm start` writes V8 CPU profiles of those
 * apps into tmp/profiles when they stop (open them in Chrome DevTools); NODE_OPTIONS
 * cannot carry --cpu-prof, so the supervisor passes it.
 */
function profiling(name: string): string[] {
  const profiled = (env["PLATFORM_CPU_PROFILE"] ?? "").split(",").map((s) => s.trim());
  return profiled.includes(name) || profiled.includes("all")
    ? ["--cpu-prof", "--cpu-prof-dir", join(root, "tmp", "profiles")]
    : [];
}

/**
 * The V8 flags of each app (tools/process-flags.json, which the build reads too: it compiles
 * auth's and registry's code ahead under the same flags). The young generation's most space (V8 starts every process at 1 MB and grows it under
 * allocation). The three processes on every governed action allocate per request: a 1 MB
 * semi-space made them scavenge so often that garbage collection took a quarter of the
 * gateway's CPU under load. 8 MB takes most of that away (16 MB measured no better) and
 * costs about 10 MB of idle RSS per process. Auth and registry, off the warm path (the gateway
 * and governance keep what they answer), stay at 1 MB and run in V8's lite mode (no optimizing
 * compiler): about 24 MB less each when idle, for code that runs on a cache miss, a sign-in or
 * an admin change. Together the five stay under 600 MB idle.
 */
const processFlags = JSON.parse(readFileSync(join(root, "tools", "process-flags.json"), "utf8")) as {
  hotPath: string[];
  hotPathFlags: string[];
  otherFlags: string[];
  compileCache: string;
};
const hotPath = new Set(processFlags.hotPath);
function v8Flags(name: string): string[] {
  return hotPath.has(name) ? processFlags.hotPathFlags : processFlags.otherFlags;
}

/**
 * Auth and registry keep V8's compiled code of dist/ on disk and reuse it (Node's module
 * compile cache) instead of compiling their bundles anew: the build fills it, so even the
 * first start has it. Measured here, /ready came 0.3-0.5 s sooner. The three hot-path processes compile theirs: the cache
 * made each of them about 7 MB bigger when idle, and the five together went over 600 MB.
 */
function compileCache(name: string): Record<string, string> {
  return hotPath.has(name)
    ? {}
    : { NODE_COMPILE_CACHE: env["NODE_COMPILE_CACHE"] ?? join(root, processFlags.compileCache) };
}

function specOf(name: (typeof apps)[number]): ChildSpec {
  return {
    name,
    command: process.execPath,
    // Stack traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them back
    // to the sources, at a few MB per process.
    args: [
      ...profiling(name),
      ...v8Flags(name),
      "--import",
      join(dist, "telemetry-register.js"),
      join(dist, "apps", `${name}.js`),
    ],
    cwd: root,
    env: {
      ...env,
      ...urls,
      ...(name === "gateway" ? {} : { [`${name.toUpperCase()}_PORT`]: ports[name] }),
      OTEL_SERVICE_NAME: env["OTEL_SERVICE_NAME"] ?? name,
      PLATFORM_SERVICE: name,
      DATA_DIR: env["DATA_DIR"] ?? join(root, "data"),
      ...compileCache(name),
    },
  };
}

if (!existsSync(join(dist, "apps", "gateway.js"))) {
  console.error("dist/ is missing: run `npm run build` first (`npm start` does)");
  process.exit(1);
}

const log = {
  info: (message: string) => console.log(`supervisor | ${message}`),
  error: (message: string) => console.error(`supervisor | ${message}`),
};
const output = (child: ChildProcess, name: string) => {
  // The supervisor spawns every child with piped stdout and stderr.
  if (child.stdout) prefix(name, child.stdout, process.stdout);
  if (child.stderr) prefix(name, child.stderr, process.stderr);
};
const supervisor = new Supervisor(apps.map(specOf), log, output);
process.on("SIGINT", () => supervisor.stop(0));
process.on("SIGTERM", () => supervisor.stop(0));
log.info(`platform starting: gateway on http://127.0.0.1:${env["PORT"] ?? 8080} (Ctrl-C to stop)`);
process.exitCode = await supervisor.run();
