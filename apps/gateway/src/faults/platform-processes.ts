import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

/** The services `npm start` runs, as the supervisor names them. */
export type ServiceName = "auth" | "registry" | "governance" | "approval" | "gateway";

/** A port that is free now, from `from` up to `last`, wrapping around to the range's start (FAULTS_PORT_BASE, default 18200). */
async function freePort(from: number, last: number, taken: readonly number[]): Promise<number> {
  const first = last - 99;
  for (let i = 0; i < 100; i++) {
    const port = first + ((from - first + i) % 100);
    if (taken.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${first}..${last}`);
}

/** `npm start` in its own processes (supervisor and five children), on free ports and a temp data folder. */
export interface PlatformProcesses {
  readonly url: string;
  readonly supervisor: ChildProcess;
  /** The supervisor's output so far (prefixed child lines included). */
  log(): string;
  /** The pid of a running child, as the supervisor started it. */
  pidOf(service: ServiceName): number | undefined;
  /** Polls GET /ready until 200; answers the milliseconds it took. */
  waitReady(timeoutMs?: number): Promise<number>;
  stop(): Promise<number | null>;
}

/** Builds dist/ (skipped when up to date), as `npm start` does first. */
export function buildOnce(): void {
  execFileSync(process.execPath, [join(root, "tools/build.ts")], { cwd: root, stdio: "pipe" });
}

export async function startPlatformProcesses(extraEnv: NodeJS.ProcessEnv = {}): Promise<PlatformProcesses> {
  // A random start within the range, so a second run does not wait for the ports of one still stopping.
  const base = Number(process.env["FAULTS_PORT_BASE"] ?? 18200);
  const ports: number[] = [];
  let next = base + Math.floor(Math.random() * 90);
  for (let i = 0; i < 5; i++) {
    const port = await freePort(next, base + 99, ports);
    ports.push(port);
    next = port + 1;
  }
  const [gateway, auth, registry, governance, approval] = ports as [number, number, number, number, number];
  const dataDir = mkdtempSync(join(tmpdir(), "platform-faults-"));
  // The platform under test finds everything from the ports below, nothing from the test's own environment.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(DATABASE_URL|REDIS_URL|(AUTH|REGISTRY|GOVERNANCE|APPROVAL)_URL)$/.test(name),
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(gateway),
    AUTH_PORT: String(auth),
    REGISTRY_PORT: String(registry),
    GOVERNANCE_PORT: String(governance),
    APPROVAL_PORT: String(approval),
    DATA_DIR: dataDir,
    JWT_SECRET: "faults-test-secret-faults-test-secret-0123",
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const supervisor = spawn(process.execPath, [join(root, "dist/start.js")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  supervisor.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  supervisor.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => supervisor.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${gateway}`;

  return {
    url,
    supervisor,
    log: () => output,
    pidOf(service) {
      try {
        const pids = execFileSync("pgrep", ["-P", String(supervisor.pid), "-f", `dist/apps/${service}.js`], {
          encoding: "utf8",
        })
          .trim()
          .split("\n")
          .filter(Boolean);
        return pids.length === 1 ? Number(pids[0]) : undefined;
      } catch {
        return undefined; // pgrep exits 1 when nothing matches
      }
    },
    async waitReady(timeoutMs = 15_000) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        try {
          if ((await fetch(`${url}/ready`)).status === 200) return Date.now() - started;
        } catch {
          // the gateway itself is not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`platform not ready within ${timeoutMs} ms\n${output.slice(-4000)}`);
    },
    async stop() {
      if (supervisor.exitCode === null) supervisor.kill("SIGTERM");
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** The children's pids from /proc, to tell that a restarted service is a new process. */
export function isAlive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}
