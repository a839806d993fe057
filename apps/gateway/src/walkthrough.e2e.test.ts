import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type DatabaseKind, type TestPlatform, type TestResponse } from "@platform/testing-platform";

const kinds: DatabaseKind[] = process.env["TEST_DATABASE_URL"] ? ["sqlite", "postgresql"] : ["sqlite"];
if (!process.env["TEST_DATABASE_URL"])
  console.warn("TEST_DATABASE_URL is not set: the PostgreSQL run of the walkthrough is skipped");

/** Asserts one documented error: status, error.code, detail, and the envelope of api-contract section 1. */
function expectError(res: TestResponse, status: number, code: string, detail: unknown) {
  expect({ status: res.status, code: res.body?.error?.code, detail: res.body?.detail }).toEqual({
    status,
    code,
    detail,
  });
  expect(res.body.status).toBe("error");
  expect(res.body.meta.request_id).toBe(res.headers.get("x-request-id"));
  expect(res.body.meta.correlation_id).toBe(res.headers.get("x-correlation-id"));
  expect(res.body.meta.correlation_id).toMatch(/^[0-9a-f]{32}$/);
}

describe.each(kinds)("one governed action end to end (%s)", (kind) => {
  let platform: TestPlatform;
  let adminToken: string;
  let apiKey: string;
  let adminKey: string;
  const key = () => ({ "x-api-key": apiKey });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("signs up an organization with its admin", async () => {
    const res = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Acme", email: "admin@acme.test", password: "s3cure-pass!", full_name: "Ada Admin" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organization: { name: "Acme", requests_per_hour: 1000, requests_per_day: 10000 },
      user: { email: "admin@acme.test", role: "admin", approval_level: 3 },
      token_type: "bearer",
      expires_in: 3600,
    });
    adminToken = res.body.access_token;
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it("refuses a second signup with the same email", async () => {
    const res = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Other", email: "admin@acme.test", password: "another-pass" },
    });
    expectError(res, 409, "RESOURCE_CONFLICT", "User with this email already exists");
  });

  it("creates an agent's API key by default, shown once, in the shape the vendor SDKs accept", async () => {
    const res = await platform.call("POST", "/api/keys", { body: { name: "ci-agent" }, headers: bearer(adminToken) });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe("agent");
    expect(res.body.key).toMatch(/^owkai_agent_[A-Za-z0-9]{40}$/);
    expect(res.body.key_prefix).toBe(`${res.body.key.slice(0, 15)}...`);
    apiKey = res.body.key;
    const list = await platform.call("GET", "/api/keys/list", { headers: bearer(adminToken) });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(apiKey);
    const again = await platform.call("POST", "/api/keys", { body: { name: "ci-agent" }, headers: bearer(adminToken) });
    expectError(again, 409, "RESOURCE_CONFLICT", "API key with this name already exists");
    const admin = await platform.call("POST", "/api/keys", {
      body: { name: "ops", role: "admin" },
      headers: bearer(adminToken),
    });
    expect(admin.body.key).toMatch(/^owkai_admin_[A-Za-z0-9]{40}$/);
    adminKey = admin.body.key;
  });

  it("answers 401 without a credential and with an unknown one", async () => {
    const none = await platform.call("GET", "/api/actions");
    expectError(none, 401, "AUTHENTICATION_REQUIRED", "Authentication required");
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="agent-governance"');
    const unknown = await platform.call("GET", "/api/actions", {
      headers: { "x-api-key": `owkai_admin_${"x".repeat(40)}` },
    });
    expectError(unknown, 401, "INVALID_API_KEY", "Could not validate credentials");
    expect(unknown.body.error.details).toEqual({ key_prefix: "owkai_admin_xxx..." });
    const badJwt = await platform.call("GET", "/api/actions", { headers: bearer("aaa.bbb.ccc") });
    expectError(badJwt, 401, "INVALID_TOKEN", "Could not validate credentials");
  });

  it("registers an agent, and refuses it twice", async () => {
    const res = await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "trading-bot-001", agent_type: "trading" },
      headers: key(),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agent_id: "trading-bot-001", agent_type: "trading", status: "active" });
    const dup = await platform.call("POST", "/api/v1/registry/agents", {
      body: { agent_id: "trading-bot-001", agent_type: "trading" },
      headers: key(),
    });
    expectError(dup, 409, "AGENT_ALREADY_EXISTS", "Agent with ID 'trading-bot-001' already exists");
  });

  it("answers 404 for an unregistered agent, as on the second page", async () => {
    const res = await platform.call("POST", "/api/v1/actions", {
      body: { agent_id: "ghost-agent", action_type: "read_file" },
      headers: key(),
    });
    expectError(res, 404, "AGENT_NOT_FOUND", "Agent not found");
    expect(res.body.error).toMatchObject({
      message: "Agent 'ghost-agent' is not registered",
      details: { agent_id: "ghost-agent", suggestion: "Register agent before submitting actions" },
    });
  });

  let lowId: string;
  let highId: string;

  it("auto-approves a low-risk action with explained risk", async () => {
    const res = await platform.call("POST", "/api/actions", {
      body: { agent_id: "trading-bot-001", action_type: "read_file", resource: "reports/q3.csv" },
      headers: key(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "auto_approved",
      decision: "approved",
      risk_level: "low",
      requires_approval: false,
      required_level: 0,
      agent_id: "trading-bot-001",
    });
    expect(Number.isSafeInteger(res.body.id) && res.body.id > 0).toBe(true);
    expect(res.body.action_id).toBe(res.body.id);
    expect(res.body.risk_factors[0]).toMatchObject({ name: "action_type" });
    expect(res.body.correlation_id).toBe(res.headers.get("x-correlation-id"));
    lowId = res.body.id;
  });

  it("holds a high-risk action for L2 approval with 202 APPROVAL_REQUIRED", async () => {
    const res = await platform.call("POST", "/api/actions", {
      body: { agent_id: "trading-bot-001", action_type: "transfer", risk_score: 75, estimated_cost_usd: 2500 },
      headers: key(),
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      detail: "Action requires L2 approval",
      status: "pending_approval",
      decision: "pending",
      required_level: 2,
      risk_score: 75,
      risk_level: "high",
      error: {
        code: "APPROVAL_REQUIRED",
        message: "Action requires L2 approval",
        details: { status: "pending_approval", required_level: 2, risk_score: 75, risk_level: "high" },
      },
    });
    expect(res.body.error.details.action_id).toBe(res.body.id);
    highId = res.body.id;
  });

  it("refuses execution before approval", async () => {
    const res = await platform.call("POST", `/api/actions/${highId}/execute`, { headers: key() });
    expectError(res, 409, "ACTION_NOT_APPROVED", "Action not approved. Current status: PENDING_APPROVAL");
  });

  it("refuses approval by the agent, and self-approval by the key's creator, their other key and their session", async () => {
    expectError(
      await platform.call("POST", `/api/actions/${highId}/approve`, { headers: key() }),
      403,
      "INSUFFICIENT_PERMISSIONS",
      "Insufficient permissions for this operation",
    );
    expectError(
      await platform.call("POST", `/api/actions/${highId}/approve`, { headers: { "x-api-key": adminKey } }),
      403,
      "SELF_APPROVAL_NOT_PERMITTED",
      "Self-approval not permitted",
    );
    const res = await platform.call("POST", `/api/actions/${highId}/approve`, { headers: bearer(adminToken) });
    expectError(res, 403, "SELF_APPROVAL_NOT_PERMITTED", "Self-approval not permitted");
    expect(res.body.policy_violations).toEqual([]);
  });

  async function userWithRole(email: string, role: string): Promise<string> {
    const created = await platform.call("POST", "/api/users", {
      body: { email, password: "pass-word-1", role },
      headers: bearer(adminToken),
    });
    expect(created.status).toBe(201);
    expect(created.body.role).toBe(role);
    const login = await platform.call("POST", "/api/auth/login", { body: { email, password: "pass-word-1" } });
    expect(login.status).toBe(200);
    return login.body.access_token;
  }

  it("refuses an approver below the required level", async () => {
    const token = await userWithRole("ursula@acme.test", "user");
    const res = await platform.call("POST", `/api/actions/${highId}/approve`, { headers: bearer(token) });
    expectError(res, 403, "INSUFFICIENT_APPROVAL_LEVEL", "Insufficient approval level");
    expect(res.body.error.message).toBe("Action requires L2 approval");
    const pending = await platform.call("GET", "/api/approvals/pending", { headers: bearer(token) });
    expect(pending.body.items).toEqual([]);
  });

  it("lets another user of a high enough level approve, then execute", async () => {
    const token = await userWithRole("manny@acme.test", "manager");
    const pending = await platform.call("GET", "/api/approvals/pending", { headers: bearer(token) });
    expect(pending.body.items.map((a: { id: string }) => a.id)).toEqual([highId]);
    const approved = await platform.call("POST", `/api/actions/${highId}/approve`, {
      body: { comment: "within mandate" },
      headers: bearer(token),
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: highId,
      status: "approved",
      decision: "approved",
      approver_level: 2,
      approval_comment: "within mandate",
    });
    expectError(
      await platform.call("POST", `/api/actions/${highId}/approve`, { headers: bearer(token) }),
      409,
      "ACTION_ALREADY_DECIDED",
      "Action already approved",
    );
    const executed = await platform.call("POST", `/api/actions/${highId}/execute`, { headers: key() });
    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ id: highId, status: "completed" });
    expectError(
      await platform.call("POST", `/api/actions/${highId}/execute`, { headers: key() }),
      409,
      "INVALID_STATUS_TRANSITION",
      "Invalid status transition",
    );
    expectError(
      await platform.call("POST", `/api/actions/${highId}/reject`, { headers: bearer(token) }),
      409,
      "ACTION_NOT_PENDING",
      "Action not in pending status",
    );
  });

  it("executes an auto-approved action directly", async () => {
    const res = await platform.call("POST", `/api/v1/actions/${lowId}/execute`, { headers: key() });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("completed");
  });

  it("rejects a pending action, which then cannot be approved", async () => {
    const submitted = await platform.call("POST", "/api/actions", {
      body: { agent_id: "trading-bot-001", action_type: "transfer", risk_score: 50 },
      headers: key(),
    });
    expect(submitted.body).toMatchObject({ status: "pending_approval", required_level: 1 });
    const token = (
      await platform.call("POST", "/api/auth/login", { body: { email: "manny@acme.test", password: "pass-word-1" } })
    ).body.access_token;
    const rejected = await platform.call("POST", `/api/actions/${submitted.body.id}/reject`, {
      body: { comment: "no" },
      headers: bearer(token),
    });
    expect(rejected.body).toMatchObject({ status: "denied", decision: "denied" });
    expectError(
      await platform.call("POST", `/api/actions/${submitted.body.id}/approve`, { headers: bearer(token) }),
      409,
      "ACTION_NOT_PENDING",
      "Action not in pending status",
    );
    expectError(
      await platform.call("POST", `/api/actions/${submitted.body.id}/execute`, { headers: key() }),
      409,
      "INVALID_STATUS_TRANSITION",
      "Invalid status transition",
    );
  });

  it("lists and reads actions of the caller's organization only", async () => {
    const list = await platform.call("GET", "/api/actions?limit=2", { headers: key() });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.next_cursor).toEqual(expect.any(String));
    const next = await platform.call(
      "GET",
      `/api/actions?limit=2&cursor=${encodeURIComponent(list.body.next_cursor)}`,
      { headers: key() },
    );
    expect(next.body.items).toHaveLength(1);
    const other = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Umbrella", email: "boss@umbrella.test", password: "pass-word-2" },
    });
    const foreign = await platform.call("GET", `/api/actions/${highId}`, { headers: bearer(other.body.access_token) });
    expectError(foreign, 404, "ACTION_NOT_FOUND", "Action not found");
    const foreignAgent = await platform.call("GET", "/api/registry/agents/trading-bot-001", {
      headers: bearer(other.body.access_token),
    });
    expectError(foreignAgent, 404, "AGENT_NOT_FOUND", "Agent not found");
  });

  it("keeps the roles' write permissions", async () => {
    const token = (
      await platform.call("POST", "/api/auth/login", { body: { email: "ursula@acme.test", password: "pass-word-1" } })
    ).body.access_token;
    expectError(
      await platform.call("POST", "/api/registry/agents", {
        body: { agent_id: "x-agent", agent_type: "t" },
        headers: bearer(token),
      }),
      403,
      "INSUFFICIENT_PERMISSIONS",
      "Insufficient permissions for this operation",
    );
    expectError(
      await platform.call("POST", "/api/keys", { body: { name: "k" }, headers: bearer(token) }),
      403,
      "INSUFFICIENT_PERMISSIONS",
      "Admin access required",
    );
    // The agent's key: only what an agent needs (api-contract section 5).
    for (const [method, path] of [
      ["POST", "/api/keys"],
      ["GET", "/api/users"],
      ["GET", "/api/approvals/pending"],
      ["GET", "/api/registry/agents"],
      ["GET", "/api/audit"],
    ] as const) {
      expectError(
        await platform.call(method, path, { body: method === "POST" ? { name: "k" } : undefined, headers: key() }),
        403,
        "INSUFFICIENT_PERMISSIONS",
        "Insufficient permissions for this operation",
      );
    }
  });
});
