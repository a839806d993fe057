import { connect, createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { platformError } from "@platform/errors";
import { RegistryService } from "@platform/proto";
import { AgentSchema } from "@platform/proto/registry";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceClient, createServiceTransport } from "./client.js";
import { requirePrincipal, runAsPrincipal } from "./principal-context.js";
import { startServiceServer, type RunningServer } from "./server.js";

/** A registry whose handlers exercise the interceptors, on a real h2c server. */
describe("service server and client", () => {
  let server: RunningServer;
  let healthy = true;
  let client: ReturnType<typeof createClient<typeof RegistryService>>;
  const unreachable = createServiceClient(RegistryService, { baseUrl: "http://127.0.0.1:1" });
  // A downstream that dies with the call in flight (its socket torn down, as by kill -9).
  const dying: Http2Server = createServer((req) => req.stream.session?.socket.destroy());
  let dyingClient: ReturnType<typeof createServiceClient<typeof RegistryService>>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => dying.listen(0, "127.0.0.1", resolve));
    dyingClient = createServiceClient(RegistryService, {
      baseUrl: `http://127.0.0.1:${(dying.address() as AddressInfo).port}`,
    });
    server = await startServiceServer({
      name: "test",
      port: 0,
      readiness: async () => {
        if (!healthy) throw new Error("database down");
      },
      mapError: (failure) =>
        failure instanceof Error && failure.message === "driver: connection refused"
          ? platformError("DATABASE_UNAVAILABLE")
          : undefined,
      routes: (router) =>
        router.service(RegistryService, {
          async getAgent(req, ctx) {
            const caller = requirePrincipal(ctx);
            switch (req.agentId) {
              case "crash":
                throw new Error("SELECT secret FROM vault failed");
              case "db-down":
                throw new Error("driver: connection refused");
              case "downstream":
                return unreachable.getAgent({ agentId: "x-1" });
              case "downstream-dies":
                return dyingClient.getAgent({ agentId: "x-1" });
              default:
                return { agent: create(AgentSchema, { agentId: req.agentId, organizationId: caller.organizationId }) };
            }
          },
        }),
    });
    client = createClient(RegistryService, createServiceTransport("registry", { baseUrl: server.url }));
  });
  afterAll(async () => {
    dying.close();
    await server?.close();
  });

  const as = <T>(fn: () => Promise<T>) => runAsPrincipal(principal("user", { organizationId: "org_rpc" }), fn);

  it("carries the caller to the handler", async () => {
    const { agent } = await as(() => client.getAgent({ agentId: "bot-1" }));
    expect(agent?.organizationId).toBe("org_rpc");
    expect((await catchPlatformError(client.getAgent({ agentId: "bot-1" }))).entry.key).toBe("AUTHENTICATION_REQUIRED");
  });

  it("validates requests with protovalidate before the handler", async () => {
    const refused = await catchPlatformError(as(() => client.getAgent({ agentId: "a".repeat(65) })));
    expect(refused.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(refused.problems).toEqual([
      { field: "agent_id", rule: "string.max_len", limit: 64, expected_type: "string", text: expect.any(String) },
    ]);
  });

  it("turns an unexpected failure into INTERNAL_ERROR without its cause", async () => {
    const failed = await catchPlatformError(as(() => client.getAgent({ agentId: "crash" })));
    expect(failed.entry.key).toBe("INTERNAL_ERROR");
    expect(failed.error.rawMessage).not.toContain("secret");
  });

  it("maps persistence failures through the service's mapper", async () => {
    expect((await catchPlatformError(as(() => client.getAgent({ agentId: "db-down" })))).entry.key).toBe(
      "DATABASE_UNAVAILABLE",
    );
  });

  it("reports an unreachable downstream service as SERVICE_UNAVAILABLE naming it", async () => {
    const failed = await catchPlatformError(as(() => client.getAgent({ agentId: "downstream" })));
    expect(failed.entry.key).toBe("SERVICE_UNAVAILABLE");
    expect(failed.params).toEqual({ service: "registry" });
  });

  it("passes a downstream that died mid-call on as SERVICE_UNAVAILABLE, not INTERNAL_ERROR", async () => {
    const failed = await catchPlatformError(as(() => client.getAgent({ agentId: "downstream-dies" })));
    expect({ key: failed.entry.key, params: failed.params, retry: failed.entry.defaultRetryAfterSeconds }).toEqual({
      key: "SERVICE_UNAVAILABLE",
      params: { service: "registry" },
      retry: 5,
    });
  });

  it("answers 503 maintenance while MAINTENANCE_MODE=1", async () => {
    process.env["MAINTENANCE_MODE"] = "1";
    try {
      const refused = await catchPlatformError(as(() => client.getAgent({ agentId: "bot-1" })));
      expect({ key: refused.entry.key, detail: refused.entry.detail, retry: refused.retryAfterSeconds }).toEqual({
        key: "MAINTENANCE_IN_PROGRESS",
        detail: "Database maintenance in progress",
        retry: 300,
      });
    } finally {
      delete process.env["MAINTENANCE_MODE"];
    }
    expect((await as(() => client.getAgent({ agentId: "bot-1" }))).agent?.agentId).toBe("bot-1");
  });

  it("answers GET /healthz from readiness", async () => {
    const status = () =>
      new Promise<number>((resolve, reject) => {
        const session = connect(server.url);
        const req = session.request({ ":path": "/healthz" });
        req.on("response", (h) => resolve(Number(h[":status"])));
        req.resume();
        req.on("end", () => session.close());
        req.on("error", reject);
        req.end();
      });
    expect(await status()).toBe(200);
    healthy = false;
    expect(await status()).toBe(503);
    healthy = true;
  });
});
