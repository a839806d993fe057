import { createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { create } from "@bufbuild/protobuf";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import { RegistryService } from "@platform/proto";
import { AgentSchema } from "@platform/proto/registry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { traceClientInterceptor, traceServerInterceptor } from "./connect-interceptors.js";
import { currentTraceId } from "./correlation.js";
import { createLogger } from "./logger.js";
import { setupInMemoryTracing } from "./testing.js";

const tracing = setupInMemoryTracing();

describe("trace context across a real Connect call", () => {
  let server: Http2Server;
  let client: ReturnType<typeof createClient<typeof RegistryService>>;
  let seenInHandler: string | undefined;

  beforeAll(async () => {
    server = createServer(connectNodeAdapter({
      interceptors: [traceServerInterceptor],
      routes: (router) => router.service(RegistryService, {
        getAgent(req) {
          seenInHandler = currentTraceId();
          if (req.agentId === "missing") throw new ConnectError("no such agent", Code.NotFound);
          return { agent: create(AgentSchema, { agentId: req.agentId }) };
        },
      }),
    }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createClient(RegistryService, createConnectTransport({ httpVersion: "2", baseUrl, interceptors: [traceClientInterceptor] }));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => tracing.reset());

  const finished = () => tracing.exporter.getFinishedSpans();

  it("gives the client and the server span one trace, the server's parent being the client's", async () => {
    await trace.getTracer("test").startActiveSpan("outer", async (outer) => {
      await client.getAgent({ agentId: "a1" });
      outer.end();
    });
    const outer = finished().find((s) => s.name === "outer")!;
    const clientSpan = finished().find((s) => s.kind === SpanKind.CLIENT)!;
    const serverSpan = finished().find((s) => s.kind === SpanKind.SERVER)!;
    expect(clientSpan.name).toBe("platform.registry.v1.RegistryService/GetAgent");
    expect(clientSpan.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(serverSpan.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(clientSpan.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(seenInHandler).toBe(outer.spanContext().traceId);
  });

  it("marks both spans failed with the Connect code", async () => {
    await expect(client.getAgent({ agentId: "missing" })).rejects.toThrow(/no such agent/);
    for (const span of finished()) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes["rpc.connect_rpc.error_code"]).toBe("not_found");
    }
    expect(finished()).toHaveLength(2);
  });
});

describe("logger", () => {
  it("writes the active trace and span id on every line", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    process.env["LOG_LEVEL"] = "info";
    const logger = createLogger("test", sink);
    delete process.env["LOG_LEVEL"];
    let ids = { traceId: "", spanId: "" };
    trace.getTracer("test").startActiveSpan("work", (span) => {
      ids = span.spanContext();
      logger.info("inside");
      span.end();
    });
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "inside", name: "test", trace_id: ids.traceId, span_id: ids.spanId });
  });
});
