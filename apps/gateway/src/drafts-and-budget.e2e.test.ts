import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

const redisUrl = process.env["TEST_REDIS_URL"];

/**
 * Issue 14's "test before saving" and "today's spend" through the real gateway: a draft
 * rule in the dry run (stored nowhere, counting nothing), and GET .../budget (on Redis
 * counters when TEST_REDIS_URL is set, as in production).
 */
describe("draft rules in the dry run, and an agent's spend today", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let stranger: Record<string, string>;
  let agent: Record<string, string>;
  const evaluate = (body: Record<string, unknown>, headers = admin, family = "/api") =>
    platform.call("POST", `${family}/governance/policies/evaluate-realtime`, {
      body: { action_type: "transfer", estimated_cost_usd: 1500, ...body },
      headers,
    });
  const bigTransfers = {
    name: "big-transfers",
    expression: 'action.action_type == "transfer" && action.estimated_cost_usd > 1000.0',
    effect: "deny",
  };
  const budgetOf = (agentId: string, headers = admin) =>
    platform.call("GET", `/api/v1/registry/agents/${agentId}/budget`, { headers });

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", redisUrl);
    const signup = async (organization_name: string, email: string) =>
      ({
        authorization: `Bearer ${
          (
            await platform.call("POST", "/api/auth/signup", {
              body: { organization_name, email, password: "pass-word-9" },
            })
          ).body.access_token
        }`,
      }) as Record<string, string>;
    admin = await signup("Drafts", "d@drafts.test");
    stranger = await signup("Elsewhere", "e@elsewhere.test");
    const created = await platform.call("POST", "/api/users", {
      headers: admin,
      body: { email: "m@drafts.test", password: "pass-word-8", role: "manager" },
    });
    expect(created.status).toBe(201);
    manager = {
      authorization: `Bearer ${
        (await platform.call("POST", "/api/auth/login", { body: { email: "m@drafts.test", password: "pass-word-8" } }))
          .body.access_token
      }`,
    };
    agent = {
      "x-api-key": (await platform.call("POST", "/api/keys", { headers: admin, body: { name: "a" } })).body.key,
    };
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          headers: agent,
          body: { agent_id: "spend-bot", agent_type: "trading" },
        })
      ).status,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("answers a draft rule's decision with the matched rules, and the rule list stays as it was", async () => {
    const saved = await evaluate({});
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ matched_rules: [] });
    expect(saved.body.decision).not.toBe("denied");
    for (const family of ["/api", "/api/v1"]) {
      const tested = await evaluate({ draft_rule: bigTransfers }, admin, family);
      expect(tested.status).toBe(200);
      expect(tested.body).toMatchObject({
        decision: "denied",
        error_code: "POLICY_VIOLATION",
        decided_by: "smart_rules",
        matched_rules: [{ kind: "smart_rule", id: "draft", name: "big-transfers", effect: "deny", draft: true }],
      });
    }
    expect((await platform.call("GET", "/api/smart-rules", { headers: admin })).body.items).toEqual([]);
  });

  it("tests an edit of a saved rule in its place, leaving the saved rule unchanged", async () => {
    const rule = await platform.call("POST", "/api/smart-rules", { headers: admin, body: bigTransfers });
    expect((await evaluate({})).body.matched_rules).toMatchObject([{ id: rule.body.id, draft: false }]);
    const edited = await evaluate({
      draft_rule_id: rule.body.id,
      draft_rule: { ...bigTransfers, effect: "require_approval", required_level: 3 },
    });
    expect(edited.body).toMatchObject({
      decision: "pending",
      required_level: 3,
      matched_rules: [{ id: rule.body.id, effect: "require_approval", draft: true }],
    });
    const stored = await platform.call("GET", `/api/smart-rules/${rule.body.id}`, { headers: admin });
    expect(stored.body).toMatchObject({ effect: "deny", expression: bigTransfers.expression });
    expect((await platform.call("DELETE", `/api/smart-rules/${rule.body.id}`, { headers: admin })).status).toBe(204);
  });

  it("refuses a bad draft with the same 422 as saving it, on both families", async () => {
    const typo = { name: "typo", expression: "action.cost_usd > 1.0", effect: "deny" };
    const atSave = await platform.call("POST", "/api/smart-rules", { headers: admin, body: typo });
    const atTest = await evaluate({ draft_rule: typo });
    expect(atTest.status).toBe(422);
    expect(atTest.status).toBe(atSave.status);
    expect(atTest.body.detail[0]).toEqual({ ...atSave.body.detail[0], loc: ["body", "draft_rule", "expression"] });
    const v1 = await evaluate({ draft_rule: typo }, admin, "/api/v1");
    const v1Save = await platform.call("POST", "/api/v1/smart-rules", { headers: admin, body: typo });
    expect({ status: v1.status, code: v1.body.error.code }).toEqual({
      status: v1Save.status,
      code: v1Save.body.error.code,
    });
    const misspelt = await evaluate({
      draft_policy: { name: "p", effect: "deny", conditions: { action_type: ["x"] } },
    });
    expect(misspelt.status).toBe(422);
    expect(misspelt.body.detail[0].loc).toEqual(["body", "draft_policy", "conditions", "action_type"]);
  });

  it("tests a draft policy, and takes drafts from admins only", async () => {
    const denied = await evaluate({
      action_type: "delete",
      resource: "prod/db",
      draft_policy: { name: "no-prod-deletes", effect: "deny", conditions: { resource_patterns: ["prod/*"] } },
    });
    expect(denied.body).toMatchObject({ decision: "denied", error_code: "ACTION_DENIED", decided_by: "policy:draft" });
    expect((await platform.call("GET", "/api/policies", { headers: admin })).body.items).toEqual([]);
    const refused = await evaluate({ draft_rule: bigTransfers }, manager);
    const atSave = await platform.call("POST", "/api/smart-rules", { headers: manager, body: bigTransfers });
    expect(refused.status).toBe(403);
    expect({ status: refused.status, detail: refused.body.detail, code: refused.body.error.code }).toEqual({
      status: atSave.status,
      detail: atSave.body.detail,
      code: atSave.body.error.code,
    });
    expect((await evaluate({}, manager)).status).toBe(200);
  });

  it("shows today's spend and what remains; a dry run with a draft spends nothing", async () => {
    const set = await platform.call("PUT", "/api/registry/agents/spend-bot/governance", {
      headers: admin,
      body: { max_daily_usd: 100, rate_limits: { per_minute: 1 } },
    });
    expect(set.status).toBe(200);
    const fresh = await budgetOf("spend-bot");
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      agent_id: "spend-bot",
      max_daily_usd: 100,
      spent_today_usd: 0,
      remaining_usd: 100,
      timezone: "UTC",
      day: new Date().toISOString().slice(0, 10),
    });
    for (let i = 0; i < 3; i++) {
      const dry = await evaluate(
        {
          agent_id: "spend-bot",
          action_type: "read_file",
          estimated_cost_usd: 40,
          draft_rule: { ...bigTransfers, effect: "alert" },
        },
        admin,
      );
      expect(dry.body.decision).toBe("approved");
    }
    expect((await budgetOf("spend-bot")).body.spent_today_usd).toBe(0);
    const submitted = await platform.call("POST", "/api/actions", {
      headers: agent,
      body: { agent_id: "spend-bot", action_type: "read_file", estimated_cost_usd: 40 },
    });
    expect(submitted.status).toBe(200);
    expect((await budgetOf("spend-bot")).body).toMatchObject({ spent_today_usd: 40, remaining_usd: 60 });
  });

  it("answers an agent without a budget with nulls, and another organization's agent is 404", async () => {
    await platform.call("POST", "/api/registry/agents", {
      headers: agent,
      body: { agent_id: "free-bot", agent_type: "trading" },
    });
    expect((await budgetOf("free-bot")).body).toMatchObject({
      max_daily_usd: null,
      remaining_usd: null,
      spent_today_usd: 0,
    });
    const elsewhere = await budgetOf("spend-bot", stranger);
    expect({ status: elsewhere.status, code: elsewhere.body.error.code }).toEqual({
      status: 404,
      code: "AGENT_NOT_FOUND",
    });
    const agentKey = await budgetOf("spend-bot", agent);
    expect(agentKey.status).toBe(403);
  });
});
