import { catchPlatformError } from "@platform/testing";
import { describe, expect, it } from "vitest";
import { decide } from "./decision.js";
import type { ActionFacts, PolicyRule } from "./policy.js";
import type { RiskLevel } from "./risk.js";
import type { SmartRuleDef } from "./smart-rule.js";

const facts = (riskScore: number, riskLevel: RiskLevel): ActionFacts & { riskLevel: RiskLevel } => ({
  agentId: "bot-1",
  agentType: "trading",
  actionType: "transfer",
  resource: "bank/42",
  riskScore,
  riskLevel,
  estimatedCostUsd: 10,
  parameters: {},
});
const policy = (effect: PolicyRule["effect"], overrides: Partial<PolicyRule> = {}): PolicyRule => ({
  id: `pol_${effect}`,
  name: `${effect}-policy`,
  effect,
  requiredLevel: 0,
  priority: 1,
  enabled: true,
  description: "",
  conditions: {},
  ...overrides,
});
const rule = (id: string, effect: SmartRuleDef["effect"], requiredLevel = 0): SmartRuleDef => ({
  id,
  name: `rule ${id}`,
  expression: "true",
  effect,
  requiredLevel,
  enabled: true,
});

describe("decide", () => {
  it("follows risk when no policy decides and no rule matches", () => {
    expect(decide(facts(10, "low"), undefined, [])).toMatchObject({ status: "auto_approved", decidedBy: "risk" });
    expect(decide(facts(75, "high"), undefined, [])).toMatchObject({
      status: "pending_approval",
      requiredLevel: 2,
      decidedBy: "risk",
    });
  });

  it("refuses with the deciding deny policy, its description as the reason", async () => {
    const refused = await catchPlatformError(() =>
      decide(facts(10, "low"), policy("deny", { description: "No transfers on Fridays" }), [
        rule("sr_1", "require_approval"),
      ]),
    );
    expect(refused.entry.key).toBe("ACTION_DENIED");
    expect(refused.params).toMatchObject({
      policy_id: "pol_deny",
      policy_name: "deny-policy",
      reason: "No transfers on Fridays",
      risk_score: 10,
      risk_level: "low",
      policy_violations: [{ policy_id: "pol_deny", policy_name: "deny-policy", reason: "No transfers on Fridays" }],
    });
  });

  it("refuses with the first matching deny rule when no policy denies", async () => {
    const refused = await catchPlatformError(() =>
      decide(facts(10, "low"), policy("allow"), [rule("sr_a", "alert"), rule("sr_d", "deny")]),
    );
    expect(refused.entry.key).toBe("POLICY_VIOLATION");
    expect(refused.params).toMatchObject({ rule_id: "sr_d", rule_name: "rule sr_d", expression: "true" });
  });

  it("asks the highest approval level any approval policy or rule needs", () => {
    const routed = decide(facts(10, "low"), policy("require_approval", { requiredLevel: 2 }), [
      rule("sr_1", "require_approval", 4),
    ]);
    expect(routed).toMatchObject({
      status: "pending_approval",
      requiredLevel: 4,
      decidedBy: "policy:pol_require_approval",
    });
  });

  it("asks at least L1, or what the risk needs, when an approval policy names no level", () => {
    expect(decide(facts(10, "low"), policy("require_approval"), [])).toMatchObject({ requiredLevel: 1 });
    expect(decide(facts(95, "critical"), policy("require_approval"), [])).toMatchObject({ requiredLevel: 3 });
  });

  it("names the first approval rule when no policy asks for approval", () => {
    expect(
      decide(facts(10, "low"), undefined, [rule("sr_x", "require_approval", 2), rule("sr_y", "require_approval", 1)]),
    ).toMatchObject({
      status: "pending_approval",
      requiredLevel: 2,
      decidedBy: "smart_rule:sr_x",
      reason: "Requires L2 approval (smart_rule:sr_x)",
    });
  });

  it("lets an allow policy approve what risk alone would hold, and an alert rule change nothing", () => {
    expect(decide(facts(95, "critical"), policy("allow"), [rule("sr_a", "alert")])).toMatchObject({
      status: "auto_approved",
      requiredLevel: 0,
      decidedBy: "policy:pol_allow",
    });
  });
});
