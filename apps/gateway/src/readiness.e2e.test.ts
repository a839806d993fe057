import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { RedisCounters } from "@platform/counters";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@platform/proto/health";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "./gateway.js";
import { createServiceClients } from "./service-clients.js";
import { startServiceServer } from "@platform/rpc";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

const redisUrl = process.env["TEST_REDIS_URL"];

describe("readiness covers every service's database and Redis", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", redisUrl);
  });
  afterAll(async () => platform?.stop());

  const healthOf = (url: string) => createClient(Health, createConnectTransport({ httpVersion: "2", baseUrl: url }));

  it("is ready when every service and its database answer", async () => {
    const res = await platform.call("GET", "/ready");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "ready",
      services: { auth: "ok", registry: "ok", governance: "ok", approval: "ok" },
      ...(redisUrl ? { redis: "ok" } : {}),
    });
  });

  it("serves grpc.health.v1 on each service: SERVING, NOT_FOUND for a name it does not serve", async () => {
    const health = healthOf(platform.urls.registry);
    expect((await health.check({ service: "" })).status).toBe(Status.SERVING);
    expect((await health.check({ service: "platform.registry.v1.RegistryService" })).status).toBe(Status.SERVING);
    await expect(health.check({ service: "platform.nope.v1.Nope" })).rejects.toMatchObject({ code: 5 });
    expect(Object.keys((await health.list({})).statuses).sort()).toEqual([
      "",
      "platform.changes.v1.ChangeService",
      "platform.registry.v1.RegistryService",
    ]);
  });

  it("reports a service whose database does not answer as not serving, and /ready as 503 naming it", async () => {
    // An approval service whose readiness (its database check) fails.
    const sick = await startServiceServer({
      name: "approval",
      port: 0,
      routes: () => undefined,
      readiness: () => Promise.reject(new Error("database down")),
    });
    try {
      expect((await healthOf(sick.url).check({ service: "" })).status).toBe(Status.NOT_SERVING);
      const urls = { ...platform.urls, approval: sick.url };
      const gateway = await startGateway({ services: createServiceClients(urls), urls, port: 0 });
      const res = await fetch(`${gateway.url}/ready`);
      const body = (await res.json()) as { error: { code: string; details: unknown } };
      await gateway.close();
      expect({
        status: res.status,
        code: body.error.code,
        details: body.error.details,
        retry: res.headers.get("retry-after"),
      }).toEqual({
        status: 503,
        code: "SERVICE_UNAVAILABLE",
        details: { service: "approval", retry_after: 5 },
        retry: "5",
      });
    } finally {
      await sick.close();
    }
  });
});

describe("readiness with an unreachable Redis", () => {
  it("is 503 naming redis", async () => {
    const counters = new RedisCounters("redis://127.0.0.1:1");
    const platform = await startTestPlatform("sqlite");
    const gateway = await startGateway({
      services: createServiceClients(platform.urls),
      urls: platform.urls,
      port: 0,
      counters,
    });
    try {
      const res = await fetch(`${gateway.url}/ready`);
      const body = (await res.json()) as { error: { details: unknown } };
      expect([res.status, body.error.details]).toEqual([503, { service: "redis", retry_after: 5 }]);
    } finally {
      await gateway.close();
      await counters.close();
      await platform.stop();
    }
  });
});
