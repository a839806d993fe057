import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";
import { startGateway, type RunningGateway } from "./gateway.js";
import { Idempotency } from "./http/idempotency.js";
import { RedisIdempotencyStore } from "./http/idempotency-store-redis.js";
import { createServiceClients } from "./service-clients.js";

const redisUrl = process.env["TEST_REDIS_URL"];

/** Idempotency-Key through the real gateway and services (api-contract section 9). */
describe("Idempotency-Key on POST", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  const submit = (key: string, body: Record<string, unknown>) =>
    platform.call("POST", "/api/v1/actions", {
      body: { agent_id: "idem-bot", action_type: "read_file", ...body },
      headers: { ...admin, "idempotency-key": key },
    });
  const storedIds = async (): Promise<string[]> =>
    (await platform.call("GET", "/api/v1/actions?agent_id=idem-bot&limit=100", { headers: admin })).body.items.map(
      (a: { id: string }) => a.id,
    );

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Idem", email: "i@idem.test", password: "pass-word-6" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          body: { agent_id: "idem-bot", agent_type: "assistant" },
          headers: admin,
        })
      ).status,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("replays the first answer for the same key and body, and stores one action", async () => {
    const before = await storedIds();
    const first = await submit("retry-1", { resource: "/tmp/a" });
    expect(first.status).toBeLessThan(300);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const retry = await submit("retry-1", { resource: "/tmp/a" });
    expect({ status: retry.status, body: retry.body, replayed: retry.headers.get("idempotent-replayed") }).toEqual({
      status: first.status,
      body: first.body,
      replayed: "true",
    });
    expect(retry.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    const after = await storedIds();
    expect(after.filter((id) => !before.includes(id))).toEqual([first.body.id]);
  });

  it("refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED", async () => {
    await submit("retry-2", { resource: "/tmp/b" });
    const reused = await submit("retry-2", { resource: "/tmp/other" });
    expect({ status: reused.status, code: reused.body.error.code, detail: reused.body.detail }).toEqual({
      status: 422,
      code: "IDEMPOTENCY_KEY_REUSED",
      detail: "Idempotency key already used with a different request",
    });
  });

  it("refuses a malformed key: 400 with nothing done", async () => {
    const refused = await submit("x".repeat(256), { resource: "/tmp/c" });
    expect({ status: refused.status, code: refused.body.error.code, detail: refused.body.detail }).toEqual({
      status: 400,
      code: "INVALID_FIELD_VALUE",
      detail: "Invalid Idempotency-Key header",
    });
  });

  it("different keys are different requests", async () => {
    const a = await submit("retry-3a", { resource: "/tmp/d" });
    const b = await submit("retry-3b", { resource: "/tmp/d" });
    expect(a.body.id).not.toBe(b.body.id);
  });
});

/** Two gateway replicas sharing Redis: a retry that lands on the other replica replays, never runs twice. */
describe.skipIf(!redisUrl)("Idempotency-Key across gateway replicas (TEST_REDIS_URL)", () => {
  let platform: TestPlatform;
  const replicas: RunningGateway[] = [];
  let admin: Record<string, string>;
  const post = (gateway: RunningGateway, key: string, body: unknown) =>
    fetch(`${gateway.url}/api/v1/actions`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const prefix = `agp:test:idem:${Math.random().toString(36).slice(2)}:`;
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startGateway({
          services: createServiceClients(platform.urls),
          urls: platform.urls,
          port: 0,
          idempotency: new Idempotency(new RedisIdempotencyStore(redisUrl!, prefix)),
        }),
      );
    }
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Replicas", email: "r@replicas.test", password: "pass-word-6" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          body: { agent_id: "replica-bot", agent_type: "assistant" },
          headers: admin,
        })
      ).status,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((g) => g.close()));
    await platform?.stop();
  });

  it("replays on replica B the answer replica A gave, and refuses another body there", async () => {
    const body = { agent_id: "replica-bot", action_type: "read_file", resource: "/tmp/r" };
    const first = await post(replicas[0]!, "across-1", body);
    const firstBody = await first.json();
    const retry = await post(replicas[1]!, "across-1", body);
    expect({
      status: retry.status,
      body: await retry.json(),
      replayed: retry.headers.get("idempotent-replayed"),
    }).toEqual({ status: first.status, body: firstBody, replayed: "true" });
    const reused = await post(replicas[1]!, "across-1", { ...body, resource: "/tmp/other" });
    expect(reused.status).toBe(422);
  });
});
