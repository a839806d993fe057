import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

// What an app does: start a span, read the correlation id, shut telemetry down.
const app = `
import { trace } from "@opentelemetry/api";
import { currentTraceId, shutdownTelemetry } from "@platform/telemetry";
const seen = trace.getTracer("app").startActiveSpan("request", (span) => {
  const recording = span.isRecording();
  span.end();
  return { traceId: currentTraceId(), recording };
});
await shutdownTelemetry();
console.log(JSON.stringify(seen));
`;

/** Runs `app` in a fresh Node process started as the apps are, with only `env` as OTEL_* variables. */
async function runApp(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")));
  const { stdout, stderr } = await run(
    process.execPath,
    ["--import", "tsx", "--import", "@platform/telemetry/register", "--input-type=module", "--eval", app],
    { cwd: fileURLToPath(new URL("..", import.meta.url)), env: { ...inherited, ...env }, timeout: 20_000 },
  );
  return { seen: JSON.parse(stdout) as { traceId?: string; recording?: boolean }, stderr };
}

// Each case starts a Node process (about a second), slower still under a parallel run.
describe("register (node --import @platform/telemetry/register)", { timeout: 30_000 }, () => {
  /** A stand-in OTLP/HTTP collector keeping what it receives. */
  let collector: Server;
  const received: { url?: string; body: string }[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        received.push({ url: req.url, body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  it("installs a real tracer provider without exporting when no OTEL_* variable is set", async () => {
    const { seen, stderr } = await runApp({});
    expect(seen.traceId).toMatch(TRACE_ID);
    // Nothing would read a recorded span: it is not recorded (its ids are real all the same).
    expect(seen.recording).toBe(false);
    expect(stderr).toBe("");
  });

  it("keeps real trace ids with OTEL_TRACES_EXPORTER=none", async () => {
    const { seen, stderr } = await runApp({ OTEL_TRACES_EXPORTER: "none", OTEL_SERVICE_NAME: "registry" });
    expect(seen.traceId).toMatch(TRACE_ID);
    expect(seen.recording).toBe(false);
    expect(stderr).toBe("");
  });

  it("exports to OTEL_EXPORTER_OTLP_ENDPOINT, flushing at shutdown", async () => {
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const { seen } = await runApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "gateway",
    });
    expect(seen.traceId).toMatch(TRACE_ID);
    expect(seen.recording).toBe(true);
    // Only traces: metrics and logs stay off unless asked for.
    expect(received.map((request) => request.url)).toEqual(["/v1/traces"]);
    const body = received[0]?.body ?? "";
    expect(body).toContain(`"traceId":"${seen.traceId}"`);
    expect(body).toContain(`"key":"service.name","value":{"stringValue":"gateway"}`);
  });

  it("does not fail shutdown when the collector is unreachable", async () => {
    // Port 1 refuses connections; the short timeout bounds the exporter's retries.
    const { seen, stderr } = await runApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1",
      OTEL_EXPORTER_OTLP_TIMEOUT: "300",
    });
    expect(seen.traceId).toMatch(TRACE_ID);
    expect(stderr).toMatch(/telemetry shutdown failed.*ECONNREFUSED/);
  });
});
