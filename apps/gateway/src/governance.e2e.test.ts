import { runService, type RunningService } from "@platform/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./gateway.js";
import { createServiceClients } from "./service-clients.js";
import {
  serviceDefinitions,
  startTestPlatform,
  type TestPlatform,
  type TestResponse,
} from "@platform/testing-platform";

const redisUrl = process.env["TEST_REDIS_URL"];

function expectRefusal(res: TestResponse, status: number, code: string, detail: string) {
  expect({ status: res.status, code: res.body?.error?.code, detail: res.body?.detail }).toEqual({
    status,
    code,
    detail,
  });
  expect(res.body.meta.request_id).toBe(res.headers.get("x-request-id"));
  if (status === 403) expect(res.body.policy_violations.length).toBeGreaterThan(0);
}

/** Every governance refusal of the reference pages through the real gateway (issue 5). */
describe("governance decisions through the gateway", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  const submit = (body: Record<string, unknown>, family = "/api") =>
    platform.call("POST", `${family}/actions`, { body: { action_type: "read_file", ...body }, headers: admin });
  const register = async (agentId: string, governance?: Record<string, unknown>) => {
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          body: { agent_id: agentId, agent_type: "trading" },
          headers: admin,
        })
      ).status,
    ).toBe(201);
    if (governance) {
      const res = await platform.call("PUT", `/api/registry/agents/${agentId}/governance`, {
        body: governance,
        headers: admin,
      });
      expect(res.status).toBe(200);
    }
  };

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", redisUrl);
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Gov", email: "g@gov.test", password: "pass-word-6" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("kill switch: 403 KILL_SWITCH_ACTIVE while killed, pending approvals denied, allowed again after reactivation", async () => {
    await register("kill-bot");
    const pending = await submit({ agent_id: "kill-bot", action_type: "transfer", risk_score: 75 });
    expect(pending.status).toBe(202);
    const killed = await platform.call("POST", "/api/registry/agents/kill-bot/kill", {
      body: { reason: "runaway trades" },
      headers: admin,
    });
    expect(killed.body).toMatchObject({ status: "killed", kill_reason: "runaway trades" });
    const refused = await submit({ agent_id: "kill-bot" });
    expectRefusal(refused, 403, "KILL_SWITCH_ACTIVE", "Agent kill switch is active");
    expect(refused.body.error).toMatchObject({
      message: "Agent 'kill-bot' is stopped by its kill switch",
      details: { agent_id: "kill-bot", reason: "runaway trades" },
    });
    expect(refused.body.policy_violations).toEqual([
      { policy_id: "kill_switch", policy_name: "Agent kill switch", reason: "runaway trades" },
    ]);
    expect((await platform.call("GET", `/api/actions/${pending.body.id}`, { headers: admin })).body.status).toBe(
      "denied",
    );
    await platform.call("POST", "/api/registry/agents/kill-bot/reactivate", { body: {}, headers: admin });
    expect((await submit({ agent_id: "kill-bot" })).status).toBe(200);
  });

  it("agent rate limits: 429 with the first page's `limits` and Retry-After", async () => {
    await register("rate-bot", { rate_limits: { per_minute: 2 } });
    await submit({ agent_id: "rate-bot" });
    await submit({ agent_id: "rate-bot" });
    const res = await submit({ agent_id: "rate-bot" });
    expectRefusal(res, 429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded");
    expect(res.body.limits).toEqual({ per_minute: { limit: 2, current: 3 } });
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("time window: 403 OUTSIDE_TIME_WINDOW with `allowed_window`", async () => {
    const hour = (new Date().getUTCHours() + 12) % 24;
    const start = `${String(hour).padStart(2, "0")}:00`;
    const end = `${String(hour).padStart(2, "0")}:30`;
    await register("night-bot", { allowed_window: { start_time: start, end_time: end, timezone: "UTC" } });
    const res = await submit({ agent_id: "night-bot" });
    expectRefusal(res, 403, "OUTSIDE_TIME_WINDOW", "Action outside allowed time window");
    expect(res.body.allowed_window).toMatchObject({
      start_time: start,
      end_time: end,
      timezone: "UTC",
      current_time: expect.stringMatching(/^\d\d:\d\d$/),
    });
  });

  it("daily budget: 429 BUDGET_EXCEEDED with `budget` and Retry-After until the agent's midnight", async () => {
    await register("spend-bot", { max_daily_usd: 1000 });
    expect((await submit({ agent_id: "spend-bot", estimated_cost_usd: 600, risk_score: 10 })).status).toBe(200);
    const res = await submit({ agent_id: "spend-bot", estimated_cost_usd: 500, risk_score: 10 });
    expectRefusal(res, 429, "BUDGET_EXCEEDED", "Daily budget exceeded");
    expect(res.body.budget).toEqual({ max_daily_usd: 1000, current_spend_usd: 600 });
    const now = new Date();
    const untilMidnight = 86_400 - (now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds());
    expect(Math.abs(Number(res.headers.get("retry-after")) - untilMidnight)).toBeLessThanOrEqual(2);
  });

  it("gives the budget back when a pending action is rejected", async () => {
    await register("held-bot", { max_daily_usd: 100 });
    await platform.call("POST", "/api/users", {
      body: { email: "approver@gov.test", password: "pass-word-17", role: "admin" },
      headers: admin,
    });
    const approver = {
      authorization: `Bearer ${(await platform.call("POST", "/api/auth/login", { body: { email: "approver@gov.test", password: "pass-word-17" } })).body.access_token}`,
    };
    const pending = await submit({
      agent_id: "held-bot",
      action_type: "transfer",
      estimated_cost_usd: 80,
      risk_score: 75,
    });
    expect(pending.status).toBe(202);
    expectRefusal(
      await submit({ agent_id: "held-bot", estimated_cost_usd: 30, risk_score: 5 }),
      429,
      "BUDGET_EXCEEDED",
      "Daily budget exceeded",
    );
    expect(
      (
        await platform.call("POST", `/api/actions/${pending.body.id}/reject`, {
          body: { comment: "no" },
          headers: approver,
        })
      ).body.status,
    ).toBe("denied");
    expect((await submit({ agent_id: "held-bot", estimated_cost_usd: 30, risk_score: 5 })).status).toBe(200);
    const again = await submit({ agent_id: "held-bot", estimated_cost_usd: 80, risk_score: 5 });
    expect(again.body.budget).toEqual({ max_daily_usd: 100, current_spend_usd: 30 });
  });

  it("policies: CRUD, and a deny is 403 ACTION_DENIED naming the policy", async () => {
    await register("policy-bot");
    const created = await platform.call("POST", "/api/policies", {
      body: {
        name: "no-sensitive-data-access",
        description: "Access to sensitive data prohibited",
        effect: "deny",
        priority: 100,
        conditions: { resource_patterns: ["customers/*"] },
      },
      headers: admin,
    });
    expect(created.status).toBe(201);
    const res = await submit({ agent_id: "policy-bot", resource: "customers/42", risk_score: 95 }, "/api/v1");
    expectRefusal(res, 403, "ACTION_DENIED", "Action denied by policy 'no-sensitive-data-access'");
    expect(res.body.error).toEqual({
      code: "ACTION_DENIED",
      message: "Action denied by policy 'no-sensitive-data-access'",
      details: {
        policy_id: created.body.id,
        policy_name: "no-sensitive-data-access",
        risk_score: 95,
        risk_level: "critical",
        reason: "Access to sensitive data prohibited",
      },
    });
    const missing = await platform.call("GET", "/api/policies/pol_missing", { headers: admin });
    expectRefusal(missing, 404, "RESOURCE_NOT_FOUND", "Policy not found");
    const invalid = await platform.call("POST", "/api/policies", { body: { effect: "maybe" }, headers: admin });
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail).toEqual([
      { loc: ["body", "name"], msg: "field required", type: "value_error.missing" },
      {
        loc: ["body", "effect"],
        msg: "value is not a valid enumeration member; permitted: 'deny', 'require_approval', 'allow'",
        type: "type_error.enum",
      },
    ]);
    expect((await platform.call("DELETE", `/api/policies/${created.body.id}`, { headers: admin })).status).toBe(204);
  });

  it("smart rules: CEL checked when saved; a matching deny is 403 POLICY_VIOLATION", async () => {
    const bad = await platform.call("POST", "/api/smart-rules", {
      body: { name: "broken", expression: "action.action_type ==", effect: "deny" },
      headers: admin,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ["body", "expression"], type: "value_error.expression" });
    const rule = await platform.call("POST", "/api/smart-rules", {
      body: {
        name: "big-transfers",
        expression: 'action.action_type == "transfer" && action.estimated_cost_usd > 1000',
        effect: "deny",
      },
      headers: admin,
    });
    expect(rule.status).toBe(201);
    await register("rule-bot");
    const res = await submit({ agent_id: "rule-bot", action_type: "transfer", estimated_cost_usd: 1500 });
    expectRefusal(res, 403, "POLICY_VIOLATION", "Action violates smart rule 'big-transfers'");
    expectRefusal(
      await platform.call("GET", "/api/smart-rules/sr_missing", { headers: admin }),
      404,
      "RESOURCE_NOT_FOUND",
      "Smart rule not found",
    );
  });

  it("MCP servers: the first page's 404 and 409 texts", async () => {
    const body = { name: "filesystem-server", url: "stdio://fs", transport: "stdio" };
    expect((await platform.call("POST", "/api/registry/mcp-servers", { body, headers: admin })).status).toBe(201);
    expectRefusal(
      await platform.call("POST", "/api/registry/mcp-servers", { body, headers: admin }),
      409,
      "RESOURCE_CONFLICT",
      "MCP server filesystem-server already registered",
    );
    expect(
      (await platform.call("DELETE", "/api/registry/mcp-servers/filesystem-server", { headers: admin })).status,
    ).toBe(204);
    expectRefusal(
      await platform.call("GET", "/api/registry/mcp-servers/filesystem-server", { headers: admin }),
      404,
      "RESOURCE_NOT_FOUND",
      "MCP server not found",
    );
  });

  it("every refusal is in the audit trail with what decided it", async () => {
    const trail = await platform.call("GET", "/api/audit?outcome=denied", { headers: admin });
    const deciders = trail.body.items
      .filter((e: { event_type: string }) => e.event_type === "decision.denied")
      .map((e: { data: { decided_by: string } }) => e.data.decided_by);
    expect(deciders).toEqual(
      expect.arrayContaining(["kill_switch", "rate_limit", "time_window", "budget", "smart_rules"]),
    );
    expect(deciders.some((d: string) => d.startsWith("policy:"))).toBe(true);
  });
});

describe.skipIf(!redisUrl)("one budget across two governance replicas (Redis)", () => {
  let platform: TestPlatform;
  let replica: RunningService;
  let secondGateway: RunningGateway;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", redisUrl);
    const env = {
      REGISTRY_URL: platform.urls.registry,
      APPROVAL_URL: platform.urls.approval,
      REDIS_URL: redisUrl,
      GOVERNANCE_PORT: "0",
    };
    replica = await runService(serviceDefinitions.governance, env, {
      handleSignals: false,
      target: platform.services.governance.target,
    });
    const urls = { ...platform.urls, governance: replica.server.url };
    secondGateway = await startGateway({ services: createServiceClients(urls), urls, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await secondGateway?.close();
    await replica?.stop();
    await platform?.stop();
  });

  it("never spends past the budget, whichever replica decides", async () => {
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Twin", email: "t@twin.test", password: "pass-word-7" },
    });
    const headers = { authorization: `Bearer ${signup.body.access_token}`, "content-type": "application/json" };
    await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "twin-bot", agent_type: "trading" },
      headers,
    });
    await platform.call("PUT", "/api/registry/agents/twin-bot/governance", { body: { max_daily_usd: 500 }, headers });
    const gateways = [platform.gateway.url, secondGateway.url];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${gateways[i % 2]}/api/actions`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            agent_id: "twin-bot",
            action_type: "read_file",
            estimated_cost_usd: 25,
            risk_score: 5,
          }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });
});
