import { describe, expect, it } from "vitest";
import { decidingPolicy, policyMatches, type ActionFacts, type PolicyRule } from "./policy.js";

const facts: ActionFacts = {
  agentId: "bot-1",
  agentType: "trading",
  actionType: "delete",
  resource: "prod/db/users",
  riskScore: 60,
  riskLevel: "medium",
  estimatedCostUsd: 250,
  parameters: {},
};

const policy = (
  id: string,
  priority: number,
  conditions: PolicyRule["conditions"] = {},
  enabled = true,
): PolicyRule => ({
  id,
  name: id,
  effect: "deny",
  requiredLevel: 0,
  priority,
  enabled,
  description: "",
  conditions,
});

describe("policyMatches", () => {
  it("holds when no condition is given", () => {
    expect(policyMatches({}, facts)).toBe(true);
    expect(policyMatches({ action_types: [], resource_patterns: [] }, facts)).toBe(true);
  });

  it.each([
    [{ action_types: ["read", "delete"] }, true],
    [{ action_types: ["read"] }, false],
    [{ agent_ids: ["bot-2"] }, false],
    [{ agent_types: ["trading"] }, true],
    [{ resource_patterns: ["prod/*"] }, true],
    [{ resource_patterns: ["staging/*", "prod/db/*"] }, true],
    [{ resource_patterns: ["prod"] }, false],
    [{ resource_patterns: ["prod.db*"] }, false], // `.` is literal, only `*` is a wildcard
    [{ min_risk_score: 60, max_risk_score: 60 }, true],
    [{ min_risk_score: 61 }, false],
    [{ max_risk_score: 59 }, false],
    [{ min_cost_usd: 250 }, true],
    [{ min_cost_usd: 250.01 }, false],
  ] as const)("%o matches: %s", (conditions, expected) => {
    expect(policyMatches(conditions, facts)).toBe(expected);
  });

  it("needs every given condition to hold", () => {
    expect(policyMatches({ action_types: ["delete"], agent_types: ["support"] }, facts)).toBe(false);
  });
});

describe("decidingPolicy", () => {
  it("picks the enabled matching policy of highest priority", () => {
    const chosen = decidingPolicy(
      [
        policy("low", 1),
        policy("high-disabled", 99, {}, false),
        policy("high", 10),
        policy("other", 50, { action_types: ["read"] }),
      ],
      facts,
    );
    expect(chosen?.id).toBe("high");
  });

  it("keeps the first listed of equal priority", () => {
    expect(decidingPolicy([policy("first", 5), policy("second", 5)], facts)?.id).toBe("first");
  });

  it("finds none when nothing matches", () => {
    expect(decidingPolicy([policy("reads", 5, { action_types: ["read"] })], facts)).toBeUndefined();
    expect(decidingPolicy([], facts)).toBeUndefined();
  });
});
