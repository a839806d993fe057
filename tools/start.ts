/**
 * `npm start`: runs the whole platform on this machine. Four services and the
 * gateway, each its own process with OpenTelemetry loaded first, SQLite files
 * under DATA_DIR (default ./data) unless DATABASE_URL points at PostgreSQL.
 * Ctrl-C stops them all cleanly; if one dies, the others are stopped too.
 */
import "./config/check-env.js"; // every app's configuration, checked before anything starts
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const ports = {
  auth: env["AUTH_PORT"] ?? "50051",
  registry: env["REGISTRY_PORT"] ?? "50052",
  governance: env["GOVERNANCE_PORT"] ?? "50053",
  approval: env["APPROVAL_PORT"] ?? "50054",
};
const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_URL`, env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}`]));
const apps = ["auth", "registry", "approval", "governance", "gateway"] as const;

const children = new Map<string, ChildProcess>();
let stopping = false;

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

function start(name: (typeof apps)[number]) {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "@platform/telemetry/register", `apps/${name}/src/main.ts`], {
    cwd: root,
    env: {
      ...env,
      ...urls,
      [`${name.toUpperCase()}_PORT`]: name === "gateway" ? undefined : ports[name as keyof typeof ports],
      OTEL_SERVICE_NAME: env["OTEL_SERVICE_NAME"] ?? name,
      PLATFORM_SERVICE: name,
      DATA_DIR: env["DATA_DIR"] ?? `${root}data`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefix(name, child.stdout!, process.stdout);
  prefix(name, child.stderr!, process.stderr);
  child.on("exit", (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the platform`);
      stop(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) child.kill("SIGTERM");
  // A process that does not stop within 10 s is killed.
  setTimeout(() => { for (const child of children.values()) child.kill("SIGKILL"); }, 10_000).unref();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
for (const name of apps) start(name);
console.log(`platform starting: gateway on http://127.0.0.1:${env["PORT"] ?? 8080} (Ctrl-C to stop)`);
