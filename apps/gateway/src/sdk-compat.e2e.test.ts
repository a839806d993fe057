import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform, type TestResponse } from "@platform/testing-platform";

/**
 * Replays what the vendor's official SDKs (Python `ascend` 1.x/2.x, Node
 * `@ascend-ai/sdk`) send, as api-contract section 8 describes it, against the real
 * services, and asserts every field those clients read.
 */
describe("vendor SDK compatibility", () => {
  let platform: TestPlatform;
  let adminToken: string;
  let managerToken: string;
  let apiKey: string;
  let n = 0;
  /** The headers every SDK request carries: the key twice and its own correlation id. */
  const sdkHeaders = () => ({
    "x-api-key": apiKey,
    authorization: `Bearer ${apiKey}`,
    "x-correlation-id": `asc_${(++n).toString(16).padStart(16, "0")}`,
    "user-agent": "ascend-python-sdk/2.1.0",
  });
  const sdk = (method: string, path: string, body?: unknown) =>
    platform.call(method, path, { headers: sdkHeaders(), ...(body === undefined ? {} : { body }) });

  /** Every answer that describes an action carries these (section 8). */
  function expectActionFields(body: Record<string, unknown>) {
    for (const field of [
      "id",
      "action_id",
      "status",
      "decision",
      "risk_score",
      "risk_level",
      "reason",
      "requires_approval",
      "required_level",
      "agent_id",
      "action_type",
      "resource",
      "created_at",
      "correlation_id",
    ]) {
      expect(body, `field ${field}`).toHaveProperty(field);
    }
    expect(body["action_id"]).toBe(body["id"]);
  }

  /** The gateway answers the SDK's correlation id in a header on every answer. */
  function expectEchoedCorrelation(res: TestResponse) {
    expect(res.headers.get("x-correlation-id")).toMatch(/^asc_[0-9a-f]{16}$/);
  }

  /** Error-shaped bodies (the 202 and the 403) carry the same id in `meta` as well. */
  function expectCorrelationInMeta(res: TestResponse) {
    expectEchoedCorrelation(res);
    expect(res.body.meta.correlation_id).toBe(res.headers.get("x-correlation-id"));
  }

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "SDK Corp", email: "admin@sdk.test", password: "pass-word-10" },
    });
    adminToken = signup.body.access_token;
    const key = await platform.call("POST", "/api/keys/generate", {
      body: { name: "sdk" },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    apiKey = key.body.key;
    await platform.call("POST", "/api/users", {
      body: { email: "mgr@sdk.test", password: "pass-word-11", role: "manager" },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    managerToken = (
      await platform.call("POST", "/api/auth/token", { body: { email: "mgr@sdk.test", password: "pass-word-11" } })
    ).body.access_token;
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("issues keys the SDKs accept and answers the deployment info they log", async () => {
    expect(apiKey).toMatch(/^owkai_agent_[A-Za-z0-9]{40}$/); // the default role, what an agent should run with
    const info = await sdk("GET", "/api/deployment-info");
    expect(info.body).toEqual({ version: expect.any(String), environment: expect.any(String) });
  });

  it("registers an agent with the SDK's fields and records heartbeats", async () => {
    const res = await sdk("POST", "/api/registry/agents", {
      agent_id: "sdk-agent",
      agent_type: "autonomous",
      display_name: "SDK Agent",
      environment: "production",
      capabilities: ["trade"],
      allowed_resources: ["orders/*"],
      sdk_version: "2.1.0",
      metadata: { team: "quant" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      agent_id: "sdk-agent",
      name: "SDK Agent",
      metadata: { team: "quant", environment: "production", capabilities: ["trade"], sdk_version: "2.1.0" },
    });
    const beat = await sdk("POST", "/api/agents/health/heartbeat", {
      agent_id: "sdk-agent",
      sdk_version: "2.1.0",
      status: "healthy",
    });
    expect(beat.body).toMatchObject({ agent_id: "sdk-agent", status: "healthy", sdk_version: "2.1.0", alive: true });
    const health = await sdk("GET", "/api/agents/health/sdk-agent");
    expect(health.body.last_heartbeat_at).toEqual(expect.any(String));
    expectEchoedCorrelation(health);
  });

  it("allowed: submit answers the action with decision approved, and the outcome report completes it", async () => {
    const res = await sdk("POST", "/api/v1/actions/submit", {
      agent_id: "sdk-agent",
      agent_name: "SDK Agent",
      action_type: "read_file",
      resource: "reports/q3.csv",
      resource_id: "q3",
      action_details: { path: "reports/q3.csv" },
      context: { session: "s1" },
      risk_indicators: { pii: false },
      description: "read a report",
      tool_name: "fs.read",
      unknown_field_from_a_newer_sdk: true,
    });
    expect(res.status).toBe(200);
    expectActionFields(res.body);
    expect(res.body).toMatchObject({
      status: "auto_approved",
      decision: "approved",
      requires_approval: false,
      resource: "reports/q3.csv",
    });
    expect(res.body.correlation_id).toBe(res.headers.get("x-correlation-id"));
    expect(res.body.parameters).toMatchObject({ tool_name: "fs.read", action_details: { path: "reports/q3.csv" } });
    const done = await sdk("POST", `/api/agent-action/${res.body.id}/complete`, {});
    expectActionFields(done.body);
    expect(done.body.status).toBe("completed");
    const trail = await platform.call("GET", `/api/audit?action_id=${res.body.id}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(trail.body.items[0]).toMatchObject({ event_type: "action.executed", outcome: "completed" });
    expect(trail.body.items.at(-1).correlation_id).toBe(res.headers.get("x-correlation-id"));
  });

  it("allowed, then failed: the failure is kept and audited", async () => {
    const res = await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" });
    const failed = await sdk("POST", `/api/agent-action/${res.body.id}/fail`, {
      error: { code: "TIMEOUT", message: "upstream timed out" },
    });
    expect(failed.body).toMatchObject({ status: "failed", decision: "approved" });
    const trail = await platform.call("GET", `/api/audit?action_id=${res.body.id}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(trail.body.items[0]).toMatchObject({
      event_type: "action.failed",
      outcome: "failed",
      data: { error: { code: "TIMEOUT", message: "upstream timed out" } },
    });
    const again = await sdk("POST", `/api/agent-action/${res.body.id}/complete`, {});
    expect({ status: again.status, detail: again.body.detail }).toEqual({
      status: 409,
      detail: "Invalid status transition",
    });
  });

  it("pending, then approved: 202 with the action at the top level, status polling, approval, completion", async () => {
    const res = await sdk("POST", "/api/v1/actions/submit", {
      agent_id: "sdk-agent",
      action_type: "transfer",
      resource: "orders/1",
      risk_score: 75,
    });
    expect(res.status).toBe(202);
    expectActionFields(res.body);
    expect(res.body).toMatchObject({
      status: "pending_approval",
      decision: "pending",
      requires_approval: true,
      required_level: 2,
      detail: "Action requires L2 approval",
      error: { code: "APPROVAL_REQUIRED" },
    });
    expectCorrelationInMeta(res);
    const polled = await sdk("GET", `/api/v1/actions/${res.body.id}/status`);
    expectActionFields(polled.body);
    expect(polled.body).toMatchObject({ status: "pending_approval", decision: "pending" });
    const approved = await platform.call("POST", `/api/actions/${res.body.id}/approve`, {
      body: { comment: "ok" },
      headers: { authorization: `Bearer ${managerToken}` },
    });
    expect(approved.body.decision).toBe("approved");
    const after = await sdk("GET", `/api/v1/actions/${res.body.id}/status`);
    expect(after.body).toMatchObject({ status: "approved", decision: "approved" });
    expect((await sdk("POST", `/api/agent-action/${res.body.id}/complete`, {})).body.status).toBe("completed");
  });

  it("denied: 403 with detail and policy_violations, the only fields the SDKs read", async () => {
    const policy = await platform.call("POST", "/api/policies", {
      body: {
        name: "no-wire-transfers",
        description: "Wire transfers are not allowed",
        effect: "deny",
        priority: 50,
        conditions: { action_types: ["wire_transfer"] },
      },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const preview = await sdk("POST", "/api/governance/policies/evaluate-realtime", {
      action_type: "wire_transfer",
      resource: "bank/1",
      context: { amount: 5 },
    });
    expect(preview.body).toMatchObject({
      decision: "denied",
      allowed: false,
      error_code: "ACTION_DENIED",
      policy_violations: [
        { policy_id: policy.body.id, policy_name: "no-wire-transfers", reason: "Wire transfers are not allowed" },
      ],
    });
    const before = await sdk("GET", "/api/v1/actions?limit=500");
    const res = await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "wire_transfer" });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("Action denied by policy 'no-wire-transfers'");
    expect(res.body.policy_violations).toEqual([
      { policy_id: policy.body.id, policy_name: "no-wire-transfers", reason: "Wire transfers are not allowed" },
    ]);
    expectCorrelationInMeta(res);
    // The refusal is stored once, as a denied action that says what refused it.
    const after = await sdk("GET", "/api/v1/actions?limit=500");
    expect(after.body.items).toHaveLength((before.body.items as unknown[]).length + 1);
    expect(after.body.items[0]).toMatchObject({ action_type: "wire_transfer", status: "denied", decision: "denied" });
  });

  it("lists actions with offset and status_filter, and the recent activity newest first", async () => {
    const all = await sdk("GET", "/api/v1/actions?limit=10&offset=0");
    const skipped = await sdk("GET", "/api/v1/actions?limit=10&offset=1");
    expect(skipped.body.items[0].id).toBe(all.body.items[1].id);
    const completed = await sdk("GET", "/api/v1/actions?status_filter=completed");
    expect(completed.body.items.length).toBeGreaterThan(0);
    expect(completed.body.items.every((a: { status: string }) => a.status === "completed")).toBe(true);
    for (const item of completed.body.items) expectActionFields(item);
    const activity = await sdk("GET", "/api/agent-activity?limit=3");
    const times = activity.body.items.map((a: { created_at: string }) => Date.parse(a.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("killed: the status poll reports it, submissions get 403 with policy_violations; the organization switch wins", async () => {
    expect((await sdk("GET", "/api/sdk/kill-switch/status?agent_id=sdk-agent")).body).toMatchObject({
      active: false,
      is_active: false,
      scope: "none",
    });
    await platform.call("POST", "/api/registry/agents/sdk-agent/kill", {
      body: { reason: "manual stop" },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect((await sdk("GET", "/api/sdk/kill-switch/status?agent_id=sdk-agent")).body).toMatchObject({
      active: true,
      is_active: true,
      reason: "manual stop",
      scope: "agent",
    });
    const refused = await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("Agent kill switch is active");
    expect(refused.body.policy_violations).toEqual([
      { policy_id: "kill_switch", policy_name: "Agent kill switch", reason: "manual stop" },
    ]);
    await platform.call("POST", "/api/registry/agents/sdk-agent/reactivate", {
      body: {},
      headers: { authorization: `Bearer ${adminToken}` },
    });

    const org = await platform.call("POST", "/api/organization/kill-switch", {
      body: { active: true, reason: "incident 42" },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(org.body).toMatchObject({ active: true, scope: "organization", reason: "incident 42" });
    expect((await sdk("GET", "/api/sdk/kill-switch/status?agent_id=sdk-agent")).body).toMatchObject({
      active: true,
      scope: "organization",
      reason: "incident 42",
    });
    const stopped = await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" });
    expect(stopped.body.policy_violations[0]).toMatchObject({
      policy_id: "organization_kill_switch",
      reason: "incident 42",
    });
    await platform.call("POST", "/api/organization/kill-switch", {
      body: { active: false },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect((await sdk("GET", "/api/sdk/kill-switch/status")).body).toMatchObject({ active: false, scope: "none" });
    expect(
      (await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" })).status,
    ).toBe(200);
  });

  it("answers 429 with Retry-After, which the SDKs wait for", async () => {
    await platform.call("PUT", "/api/registry/agents/sdk-agent/governance", {
      body: { rate_limits: { per_minute: 1 } },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" });
    const limited = await sdk("POST", "/api/v1/actions/submit", { agent_id: "sdk-agent", action_type: "read_file" });
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toBe("Rate limit exceeded");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
