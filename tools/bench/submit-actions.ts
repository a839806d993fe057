/**
 * Throughput and latency of the hot path: POST /api/actions through the gateway and
 * four services (auth, registry, governance, approval), each on its own HTTP/2
 * server with its own SQLite file, as `npm start` runs them, in one process.
 *
 *   npm run bench:in-process -- [requests=2000] [concurrency=32]
 *
 * Prints one line per scenario: requests, concurrency, req/s and latency percentiles.
 */
import { performance } from "node:perf_hooks";
import { setupInMemoryTracing } from "@platform/telemetry/testing";
import { startTestPlatform } from "@platform/testing-platform";

const requests = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
process.env["LOG_LEVEL"] ??= "silent";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(name: string, send: () => Promise<Response>): Promise<void> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const t = performance.now();
        const res = await send();
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(1);
  console.log(
    `${name.padEnd(28)} ${requests} req, ${concurrency} concurrent: ${fmt(requests / seconds)} req/s, ` +
      `p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms, p99 ${fmt(percentile(latencies, 99))} ms ` +
      `(status ${[...statuses].map(([s, c]) => `${s}x${c}`).join(" ")})`,
  );
}

const tracing = setupInMemoryTracing();
const platform = await startTestPlatform("sqlite");
try {
  const signup = await platform.call("POST", "/api/auth/signup", {
    body: { organization_name: "Bench", email: "bench@bench.test", password: "bench-pass-1" },
  });
  const admin = { authorization: `Bearer ${(signup.body as { access_token: string }).access_token}` };
  await platform.call("PATCH", "/api/organization/limits", {
    body: { requests_per_hour: 100_000, requests_per_day: 1_000_000 },
    headers: admin,
  });
  const key = (
    (await platform.call("POST", "/api/keys", { body: { name: "bench" }, headers: admin })).body as { key: string }
  ).key;
  await platform.call("POST", "/api/registry/agents", {
    body: { agent_id: "bench-bot", agent_type: "bench" },
    headers: admin,
  });
  const headers = { "x-api-key": key, "content-type": "application/json" };
  const url = `${platform.gateway.url}/api/actions`;

  await run("health (gateway only)", () => fetch(`${platform.gateway.url}/health`));
  tracing.reset();
  await run("submit, auto-approved", () =>
    fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ agent_id: "bench-bot", action_type: "read_file", risk_score: 5 }),
    }),
  );
  tracing.reset();
  await run("submit, pending approval", () =>
    fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ agent_id: "bench-bot", action_type: "transfer", risk_score: 75 }),
    }),
  );
  tracing.reset();
  await run("list actions (limit 50)", () => fetch(`${url}?limit=50`, { headers }));
} finally {
  await platform.stop();
}
