import { sharedChangeFeed, type ChangeFeed } from "@platform/changes";
import { runService, type RunningService } from "@platform/rpc";
import { serviceDefinitions, startTestPlatform, type TestPlatform } from "@platform/testing-platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./gateway.js";
import { createServiceClients } from "./service-clients.js";

const redisUrl = process.env["TEST_REDIS_URL"];

/**
 * What a replica keeps in memory (callers, limits, agents, kill switches, policies)
 * follows a change made through another replica within 1 s of the change being
 * answered (api-contract section 9). Each case first makes the second replica read
 * (and so cache) the old state, then changes it through the first, then polls the second.
 */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not in effect within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Replicas {
  readonly platform: TestPlatform;
  /** The second gateway, talking to the second governance replica (when there is one). */
  readonly second: RunningGateway;
  stop(): Promise<void>;
}

async function startReplicas(withRedis: boolean): Promise<Replicas> {
  const platform = await startTestPlatform("sqlite", withRedis ? redisUrl : undefined);
  let governance: RunningService | undefined;
  let feed: ChangeFeed | undefined;
  let urls = platform.urls;
  if (withRedis) {
    // Governance replicas share rules only through Redis: a second one needs it.
    const env = {
      REGISTRY_URL: platform.urls.registry,
      APPROVAL_URL: platform.urls.approval,
      REDIS_URL: redisUrl,
      GOVERNANCE_PORT: "0",
    };
    governance = await runService(serviceDefinitions.governance, env, {
      handleSignals: false,
      target: platform.services.governance.target,
    });
    urls = { ...platform.urls, governance: governance.server.url };
    feed = sharedChangeFeed({ REDIS_URL: redisUrl });
  }
  const second = await startGateway({ services: createServiceClients(urls), urls, port: 0, changeFeed: feed });
  return {
    platform,
    second,
    async stop() {
      await second.close();
      await feed?.close();
      await governance?.stop();
      await platform.stop();
    },
  };
}

const cases = redisUrl
  ? ([
      ["watch streams", false],
      ["Redis", true],
    ] as const)
  : ([["watch streams", false]] as const);

describe.each(cases)("changes reach every replica within 1 s (%s)", (_name, withRedis) => {
  let r: Replicas;
  let admin: Record<string, string>;
  let agentKey: Record<string, string>;
  const json = { "content-type": "application/json" };
  const viaSecond = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${r.second.url}${path}`, {
      method,
      headers: { ...json, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const submit = (agentId: string, extra: Record<string, unknown> = {}) =>
    viaSecond("POST", "/api/actions", agentKey, {
      agent_id: agentId,
      action_type: "read_file",
      risk_score: 5,
      ...extra,
    });

  beforeAll(async () => {
    r = await startReplicas(withRedis);
    const signup = await r.platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Replicas", email: `ops-${String(withRedis)}@replicas.test`, password: "pass-word-9" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    agentKey = {
      "x-api-key": (await r.platform.call("POST", "/api/keys", { body: { name: "agent" }, headers: admin })).body.key,
    };
    for (const agent_id of ["kill-me", "ruled-bot"])
      await r.platform.call("POST", "/api/registry/agents", {
        body: { agent_id, agent_type: "ops" },
        headers: agentKey,
      });
  }, 60_000);
  afterAll(async () => r?.stop());

  it("a revoked key", async () => {
    const created = await r.platform.call("POST", "/api/keys", { body: { name: "to-revoke" }, headers: admin });
    const key = { "x-api-key": created.body.key };
    expect((await viaSecond("GET", "/api/actions", key)).status).toBe(200);
    expect((await r.platform.call("DELETE", `/api/keys/${created.body.id}`, { headers: admin })).status).toBe(204);
    await within(1_000, async () => (await viaSecond("GET", "/api/actions", key)).status === 401);
  });

  it("a demoted user", async () => {
    await r.platform.call("POST", "/api/users", {
      body: { email: `boss-${String(withRedis)}@replicas.test`, password: "pass-word-10", role: "admin" },
      headers: admin,
    });
    const login = await r.platform.call("POST", "/api/auth/login", {
      body: { email: `boss-${String(withRedis)}@replicas.test`, password: "pass-word-10" },
    });
    const boss = { authorization: `Bearer ${login.body.access_token}` };
    expect((await viaSecond("GET", "/api/organization", boss)).status).toBe(200);
    const users = await r.platform.call("GET", "/api/users", { headers: admin });
    const id = (users.body.items as { id: string; email: string }[]).find((u) => u.email.startsWith("boss-"))?.id;
    expect(
      (await r.platform.call("PATCH", `/api/users/${String(id)}`, { body: { role: "user" }, headers: admin })).status,
    ).toBe(200);
    await within(1_000, async () => (await viaSecond("GET", "/api/organization", boss)).status === 403);
  });

  it("an agent's kill switch", async () => {
    expect((await submit("kill-me")).status).toBe(200);
    expect(
      (
        await r.platform.call("POST", "/api/registry/agents/kill-me/kill", {
          body: { reason: "replica test" },
          headers: admin,
        })
      ).status,
    ).toBe(200);
    await within(1_000, async () => (await submit("kill-me")).status === 403);
  });

  it("an agent registered after it was refused as unknown (governance keeps the refusal)", async () => {
    expect((await submit("late-bot")).status).toBe(404);
    expect((await submit("late-bot")).status).toBe(404);
    const registered = await r.platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "late-bot", agent_type: "ops" },
      headers: agentKey,
    });
    expect(registered.status).toBe(201);
    await within(1_000, async () => (await submit("late-bot")).status === 200);
  });

  it("a deny policy", async () => {
    expect([200, 202]).toContain((await submit("ruled-bot", { action_type: "wipe_disk" })).status);
    const policy = {
      name: `no-wipes-${String(withRedis)}`,
      effect: "deny",
      priority: 10,
      conditions: { action_types: ["wipe_disk"] },
    };
    expect((await r.platform.call("POST", "/api/policies", { body: policy, headers: admin })).status).toBe(201);
    await within(1_000, async () => (await submit("ruled-bot", { action_type: "wipe_disk" })).status === 403);
  });

  it("organization limits", async () => {
    const before = await viaSecond("GET", "/api/actions", admin);
    expect(before.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(
      (await r.platform.call("PATCH", "/api/organization/limits", { body: { requests_per_hour: 700 }, headers: admin }))
        .status,
    ).toBe(200);
    await within(
      1_000,
      async () => (await viaSecond("GET", "/api/actions", admin)).headers.get("x-ratelimit-limit") === "700",
    );
  });
});
