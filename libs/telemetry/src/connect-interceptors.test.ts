import { createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { RegistryService } from "@platform/proto";
import { AgentSchema, GetAgentResponseSchema } from "@platform/proto/registry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { traceClientInterceptor, traceServerInterceptor } from "./connect-interceptors.js";
import { setupInMemoryTracing } from "./testing.js";

const tracing = setupInMemoryTracing();
const METHOD = "platform.registry.v1.RegistryService/GetAgent";

describe("trace context across a real Connect call (h2c)", () => {
  let server: Http2Server;
  let client: Client<typeof RegistryService>;
  /** The span active inside the handler, as the handler saw it. */
  let handlerSpan: { traceId: string; spanId: string } | undefined;

  beforeAll(async () => {
    server = createServer(
      connectNodeAdapter({
        interceptors: [traceServerInterceptor],
        routes: (router) =>
          router.service(RegistryService, {
            getAgent(req) {
              handlerSpan = trace.getActiveSpan()?.spanContext();
              if (req.agentId === "missing") throw new ConnectError("no such agent", Code.NotFound);
              if (req.agentId === "killed") throw new ConnectError("agent is killed", Code.FailedPrecondition);
              return create(GetAgentResponseSchema, { agent: create(AgentSchema, { agentId: req.agentId }) });
            },
          }),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createClient(
      RegistryService,
      createConnectTransport({ httpVersion: "2", baseUrl, interceptors: [traceClientInterceptor] }),
    );
  });
  afterAll(() => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))));
  beforeEach(() => {
    tracing.reset();
    handlerSpan = undefined;
  });

  const spanOfKind = (kind: SpanKind): ReadableSpan => {
    const spans = tracing.exporter.getFinishedSpans().filter((span) => span.kind === kind);
    expect(spans).toHaveLength(1);
    return spans[0]!;
  };

  it("gives the client and the server span one trace, the server's parent being the client's", async () => {
    const res = await client.getAgent({ agentId: "a1" });
    expect(res.agent?.agentId).toBe("a1");

    const clientSpan = spanOfKind(SpanKind.CLIENT);
    const serverSpan = spanOfKind(SpanKind.SERVER);
    for (const span of [clientSpan, serverSpan]) {
      expect(span.name).toBe(METHOD);
      expect(span.attributes).toEqual({
        "rpc.system": "connect_rpc",
        "rpc.service": "platform.registry.v1.RegistryService",
        "rpc.method": "GetAgent",
      });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
    expect(clientSpan.parentSpanContext).toBeUndefined();
    expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(serverSpan.parentSpanContext?.isRemote).toBe(true);
    // The handler runs inside the server span, so its work belongs to the trace.
    expect(handlerSpan).toMatchObject({
      traceId: serverSpan.spanContext().traceId,
      spanId: serverSpan.spanContext().spanId,
    });
  });

  it("makes the caller's active span the root of the trace", async () => {
    const outer = await trace.getTracer("test").startActiveSpan("outer", async (span) => {
      await client.getAgent({ agentId: "a1" });
      span.end();
      return span.spanContext();
    });

    const outerSpan = tracing.exporter.getFinishedSpans().find((span) => span.name === "outer");
    expect(outerSpan?.parentSpanContext).toBeUndefined();
    const clientSpan = spanOfKind(SpanKind.CLIENT);
    const serverSpan = spanOfKind(SpanKind.SERVER);
    expect(clientSpan.spanContext().traceId).toBe(outer.traceId);
    expect(clientSpan.parentSpanContext?.spanId).toBe(outer.spanId);
    expect(serverSpan.spanContext().traceId).toBe(outer.traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(handlerSpan?.traceId).toBe(outer.traceId);
  });

  it("marks both spans failed with the Connect code of a failing handler", async () => {
    const failure = await client.getAgent({ agentId: "missing" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectError);
    expect((failure as ConnectError).code).toBe(Code.NotFound);

    const clientSpan = spanOfKind(SpanKind.CLIENT);
    const serverSpan = spanOfKind(SpanKind.SERVER);
    for (const span of [clientSpan, serverSpan]) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such agent" });
      expect(span.attributes["rpc.connect_rpc.error_code"]).toBe("not_found");
    }
    expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
  });

  it("snake-cases multi-word codes", async () => {
    await expect(client.getAgent({ agentId: "killed" })).rejects.toThrow(/agent is killed/);
    expect(spanOfKind(SpanKind.CLIENT).attributes["rpc.connect_rpc.error_code"]).toBe("failed_precondition");
    expect(spanOfKind(SpanKind.SERVER).attributes["rpc.connect_rpc.error_code"]).toBe("failed_precondition");
  });

  it("records on the client span a failure that never reached a server", async () => {
    const unreachable = createClient(
      RegistryService,
      // Port 1 refuses connections: the call fails in the transport, as `unavailable`.
      createConnectTransport({
        httpVersion: "2",
        baseUrl: "http://127.0.0.1:1",
        interceptors: [traceClientInterceptor],
      }),
    );
    await expect(unreachable.getAgent({ agentId: "a1" })).rejects.toThrow(ConnectError);
    const clientSpan = spanOfKind(SpanKind.CLIENT);
    expect(clientSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(clientSpan.attributes["rpc.connect_rpc.error_code"]).toBe("unavailable");
    expect(tracing.exporter.getFinishedSpans()).toHaveLength(1);
  });
});
