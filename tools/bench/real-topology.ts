/**
 * The hot path measured as users run it: the processes of `npm start` (compiled, from
 * dist/), load from a separate process (autocannon's CLI), and a bare node:http server
 * answering the same POST in the same run, so every figure is also a ratio to bare.
 *
 *   npm run build && npm run bench -- [--mode embedded|postgres] [--duration 10]
 *     [--connections 32] [--grow 1000000] [--soak 200000]
 *
 * - `--mode postgres` runs the platform on PostgreSQL and Redis (BENCH_DATABASE_SERVER,
 *   default postgresql://postgres@127.0.0.1:5432; BENCH_REDIS_URL, default
 *   redis://127.0.0.1:6379); a fresh database is made for the run and dropped after.
 * - `--grow N` first stores N actions of the benchmarked agent, then measures again.
 * - `--soak N` sends N mixed requests (submissions, refusals, reads, lists) and prints
 *   latency and the platform's RSS before and after.
 * Nothing here asserts a timing: these are figures for a person to read.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    mode: { type: "string", default: "embedded" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    grow: { type: "string", default: "0" },
    soak: { type: "string", default: "0" },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Record<string, number>;
}

/** One SQL statement through psql (PostgreSQL's own client), on a database of the bench's server. */
function psql(url: string, sql: string): void {
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: ["ignore", "ignore", "inherit"] });
}

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** autocannon's CLI in its own process: the load never shares a CPU thread with what it measures. */
function load(
  url: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    connections?: number;
    seconds?: number;
    amount?: number;
    method?: string;
  },
): LoadResult {
  const cli = join(root, "node_modules", "autocannon", "autocannon.js");
  const argv = [
    cli,
    "-j",
    "-c",
    String(options.connections ?? connections),
    "-m",
    options.method ?? (options.body ? "POST" : "GET"),
  ];
  if (options.amount) argv.push("-a", String(options.amount));
  else argv.push("-d", String(options.seconds ?? duration));
  for (const [name, value] of Object.entries({ "content-type": "application/json", ...options.headers }))
    argv.push("-H", `${name}=${value}`);
  if (options.body) argv.push("-b", options.body);
  argv.push(url);
  const out = execFileSync(process.execPath, argv, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const report = JSON.parse(out) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    statusCodeStats?: Record<string, { count: number }>;
    non2xx: number;
    "2xx": number;
  };
  const statuses = Object.fromEntries(Object.entries(report.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return { rps: report.requests.average, p50: report.latency.p50, p99: report.latency.p99, statuses };
}

/** Sequential requests from this process: the latency of one submission at a time. */
async function oneAtATime(
  url: string,
  body: string,
  headers: Record<string, string>,
  count = 300,
): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      await res.arrayBuffer();
      times.push(performance.now() - started);
    } catch {
      // A keep-alive connection the server closed just as it was reused: not a latency sample.
    }
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)] ?? 0, p99: times[Math.floor(times.length * 0.99)] ?? 0 };
}

/** The bare node:http server answering the same POST, in its own process. */
async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const script = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.writeHead(200, { "content-type": "application/json" }); s.end('{"id":1,"status":"auto_approved"}'); }); }).listen(${port}, "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  await waitFor(`http://127.0.0.1:${port}/`, 5_000).catch(() => undefined);
  return { url: `http://127.0.0.1:${port}/`, child };
}

/** Resident memory of each of the supervisor's children (the five apps), in MB. */
function rssByApp(supervisor: ChildProcess): Map<string, number> {
  const rss = new Map<string, number>();
  for (const [name, pid] of platformProcesses(supervisor)) {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    rss.set(name, Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024));
  }
  return rss;
}

/** Resident memory of the five apps together, in MB. */
function platformRss(supervisor: ChildProcess): number {
  return [...rssByApp(supervisor).values()].reduce((a, b) => a + b, 0);
}

/** CPU time (user + system) so far of a process, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The supervisor's children by app name (their last argument is dist/apps/<name>.js). */
function platformProcesses(supervisor: ChildProcess): Map<string, number> {
  const apps = new Map<string, number>();
  const children = execFileSync("pgrep", ["-P", String(supervisor.pid)], { encoding: "utf8" })
    .trim()
    .split("\n");
  for (const pid of children.filter(Boolean).map(Number)) {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const name = /apps\/([a-z]+)\.js$/.exec(argv.at(-1) ?? "")?.[1];
    if (name) apps.set(name, pid);
  }
  return apps;
}

/**
 * CPU milliseconds each process spent per answered request during `run`: unlike
 * req/s, this barely moves when other work shares the machine, so it is the figure
 * to compare between runs on a noisy machine.
 */
function cpuPerRequest(processes: Map<string, number>, run: () => LoadResult): { result: LoadResult; cpu: string } {
  const before = new Map([...processes].map(([name, pid]) => [name, cpuMs(pid)]));
  const result = run();
  const answered = Object.values(result.statuses).reduce((a, b) => a + b, 0) || 1;
  const perApp = [...processes].map(
    ([name, pid]) => [name, (cpuMs(pid) - (before.get(name) ?? 0)) / answered] as const,
  );
  const total = perApp.reduce((sum, [, ms]) => sum + ms, 0);
  const busy = perApp.filter(([, ms]) => ms >= 0.005).map(([name, ms]) => `${name} ${ms.toFixed(3)}`);
  return { result, cpu: `cpu ms/req ${total.toFixed(3)} (${busy.join(", ")})` };
}

interface Platform {
  readonly url: string;
  readonly supervisor: ChildProcess;
  readonly readyMs: number;
  stop(): Promise<void>;
  /** Stores `count` actions of the agent straight in approval's database. */
  grow(organizationId: string, agentId: string, count: number): Promise<void>;
}

async function startPlatform(mode: string): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-"));
  const [port, auth, registry, governance, approval] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    AUTH_PORT: String(auth),
    REGISTRY_PORT: String(registry),
    GOVERNANCE_PORT: String(governance),
    APPROVAL_PORT: String(approval),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  };
  delete env["DATABASE_URL"];
  delete env["REDIS_URL"];
  let database: string | undefined;
  const server = process.env["BENCH_DATABASE_SERVER"] ?? "postgresql://postgres@127.0.0.1:5432";
  if (mode === "postgres") {
    database = `bench_${Date.now()}`;
    psql(`${server}/postgres`, `create database ${database}`);
    env["DATABASE_URL"] = `${server}/${database}`;
    env["REDIS_URL"] = process.env["BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379";
  }
  const started = Date.now();
  const supervisor = spawn(process.execPath, [join(root, "dist", "start.js")], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ready`, 30_000);
  const readyMs = Date.now() - started;
  return {
    url,
    supervisor,
    readyMs,
    async stop() {
      supervisor.kill("SIGTERM");
      await new Promise((resolve) => supervisor.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
      if (database) psql(`${server}/postgres`, `drop database if exists ${database} with (force)`);
    },
    async grow(organizationId, agentId, count) {
      // Ids far above what the id blocks hand out, so the platform never collides with them.
      const columns = `id, organization_id, agent_id, action_type, resource, status, risk_score, risk_level, risk_factors, required_level, reason, decided_by,
        estimated_cost_usd, parameters, submitted_by_user_id, submitted_by_api_key_id, approver_user_id, approver_level, approval_comment,
        correlation_id, created_at, updated_at, version`;
      if (database) {
        // The ids and names are the bench's own (no client input), so they go into the SQL as they are.
        psql(
          String(env["DATABASE_URL"]),
          `insert into approval.actions (${columns})
          select 1000000000 + g, '${organizationId}', '${agentId}', 'read_file', 'grown', 'auto_approved', 5, 'low', '[]', 0, '', 'risk', 0, '{}', 'usr_bench', '', '', 0, '', '',
            now() - make_interval(secs => g), now(), 1 from generate_series(1, ${count}) g; analyze approval.actions`,
        );
        return;
      }
      const file = join(dataDir, "approval.sqlite");
      if (!existsSync(file)) throw new Error(`no ${file}`);
      const db = new DatabaseSync(file);
      db.exec("pragma busy_timeout = 10000");
      const epoch = Date.now();
      db.prepare(
        `insert into actions (${columns})
        with recursive g(n) as (select 1 union all select n + 1 from g where n < ?)
        select 1000000000 + n, ?, ?, 'read_file', 'grown', 'auto_approved', 5, 'low', '[]', 0, '', 'risk', 0, '{}', 'usr_bench', '', '', 0, '', '',
          ? - n * 1000, ?, 1 from g`,
      ).run(count, organizationId, agentId, epoch, epoch);
      db.exec("analyze");
      db.close();
    },
  };
}

interface Fixture {
  readonly organizationId: string;
  readonly key: string;
  readonly admin: Record<string, string>;
}

/** An organization with high limits, an agent key and the agent, through the public API. */
async function fixture(url: string, name: string): Promise<Fixture> {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method: path.includes("limits") ? "PATCH" : "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const signup = await post("/api/auth/signup", {
    organization_name: name,
    email: `${name}@bench.test`,
    password: "bench-pass-1",
  });
  const admin = { authorization: `Bearer ${String(signup["access_token"])}` };
  await post("/api/organization/limits", { requests_per_hour: 100_000, requests_per_day: 1_000_000 }, admin);
  const key = String((await post("/api/keys", { name: "bench" }, admin))["key"]);
  await post("/api/registry/agents", { agent_id: "bench-bot", agent_type: "bench" }, { "x-api-key": key });
  await post("/api/registry/agents", { agent_id: "killed-bot", agent_type: "bench" }, { "x-api-key": key });
  await post("/api/registry/agents/killed-bot/kill", { reason: "bench refusal path" }, admin);
  return { organizationId: (signup["organization"] as { id: string }).id, key, admin };
}

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
function line(name: string, result: LoadResult, bare: LoadResult): void {
  const codes = Object.entries(result.statuses)
    .map(([code, count]) => `${code}x${count}`)
    .join(" ");
  console.log(
    `${name.padEnd(34)} ${fmt(result.rps).padStart(7)} req/s  ${fmt(result.rps / bare.rps).padStart(5)} x bare  p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms  (${codes})`,
  );
}

const submitBody = JSON.stringify({
  agent_id: "bench-bot",
  action_type: "read_file",
  resource: "reports/q3.csv",
  risk_score: 5,
});
const refusedBody = JSON.stringify({ agent_id: "killed-bot", action_type: "read_file" });

/**
 * The figures of one phase. An organization may send at most 100,000 requests an hour, so
 * each figure that sends thousands gets an organization of its own: `submitter` (warm-up,
 * auto-approved, one at a time) and a new one each for the refusal and the unknown agent.
 */
async function measure(platform: Platform, submitter: Fixture, label: string): Promise<void> {
  const submit = `${platform.url}/api/v1/actions`;
  // Warm the caches and the JIT, as a running platform is.
  load(submit, { body: submitBody, headers: { "x-api-key": submitter.key }, seconds: 2 });
  const [refuser, stranger] = await Promise.all(
    ["refusal", "unknown"].map((kind) => fixture(platform.url, `${kind}${Date.now()}`)),
  );
  const bare = await startBare();
  try {
    const bareRun = cpuPerRequest(new Map([["bare", bare.child.pid ?? 0]]), () => load(bare.url, { body: submitBody }));
    const bareResult = bareRun.result;
    console.log(`\n${label}`);
    line("bare node:http (same POST)", bareResult, bareResult);
    console.log(`${"".padEnd(34)} ${bareRun.cpu}`);
    const processes = platformProcesses(platform.supervisor);
    const measured = (name: string, body: string, f: Fixture) => {
      const run = cpuPerRequest(processes, () => load(submit, { body, headers: { "x-api-key": f.key } }));
      line(name, run.result, bareResult);
      console.log(`${"".padEnd(34)} ${run.cpu}`);
    };
    measured("POST /api/v1/actions auto-approved", submitBody, submitter);
    measured("refusal (kill switch, 403)", refusedBody, refuser as Fixture);
    measured("unknown agent (404)", JSON.stringify({ agent_id: "nobody-bot", action_type: "x" }), stranger as Fixture);
    const single = await oneAtATime(submit, submitBody, { "x-api-key": submitter.key });
    console.log(`${"one submission at a time".padEnd(34)} p50 ${fmt(single.p50)} ms  p99 ${fmt(single.p99)} ms`);
  } finally {
    bare.child.kill();
  }
}

async function soak(platform: Platform, fixtures: readonly Fixture[], total: number): Promise<void> {
  const before = rssByApp(platform.supervisor);
  const perKind = Math.ceil(total / (fixtures.length * 4));
  const started = performance.now();
  for (const f of fixtures) {
    const headers = { "x-api-key": f.key };
    load(`${platform.url}/api/v1/actions`, { body: submitBody, headers, amount: perKind });
    load(`${platform.url}/api/v1/actions`, { body: refusedBody, headers, amount: perKind });
    load(`${platform.url}/api/v1/actions?limit=20`, { headers, amount: perKind });
    load(`${platform.url}/api/v1/actions/submit`, {
      body: JSON.stringify({ agent_id: "bench-bot", action_type: "transfer", risk_score: 75 }),
      headers,
      amount: perKind,
    });
  }
  const seconds = (performance.now() - started) / 1000;
  // Let timers and GC settle before reading memory again.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const after = rssByApp(platform.supervisor);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  const apps = [...after].map(([name, mb]) => `${name} ${before.get(name) ?? "?"} -> ${mb}`).join(", ");
  console.log(
    `\nsoak: ${perKind * 4 * fixtures.length} mixed requests in ${seconds.toFixed(0)} s; platform RSS ${sum(before)} MB before, ${sum(after)} MB after (${((sum(after) / sum(before) - 1) * 100).toFixed(1)} %): ${apps}`,
  );
}

const platform = await startPlatform(args.mode);
try {
  console.log(
    `mode ${args.mode}: /ready ${platform.readyMs} ms after start; idle RSS ${platformRss(platform.supervisor)} MB; ${connections} connections, ${duration} s per figure`,
  );
  const main = await fixture(platform.url, `bench${Date.now()}`);
  // Made before any load, so that growing it does not wait for the fresh figures' writes.
  const grown = await fixture(platform.url, `grown${Date.now()}`);
  await measure(platform, main, "fresh");
  const grow = Number(args.grow);
  if (grow > 0) {
    const started = Date.now();
    await platform.grow(grown.organizationId, "bench-bot", grow);
    console.log(`\nstored ${grow} more actions in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await measure(platform, grown, `grown (+${grow} actions)`);
  }
  const soakTotal = Number(args.soak);
  if (soakTotal > 0) {
    // Several organizations, so that hourly organization limits are not what the soak measures.
    const soakers = await Promise.all([1, 2, 3, 4].map((i) => fixture(platform.url, `soak${i}${Date.now()}`)));
    await soak(platform, soakers, soakTotal);
    await measure(platform, await fixture(platform.url, `after${Date.now()}`), "after the soak");
  }
} finally {
  await platform.stop();
}
