import { describe, expect, it } from "vitest";
import type { ActionFacts } from "./policy.js";
import { bindingsFor, compileExpression, ruleMatches } from "./smart-rule.js";

const facts: ActionFacts = {
  agentId: "bot-1", agentType: "trading", actionType: "transfer", resource: "bank/42",
  riskScore: 80, riskLevel: "high", estimatedCostUsd: 1500, parameters: { currency: "USD", legs: [1, 2] },
};
const agent = { agentId: "bot-1", agentType: "trading", name: "Trader" };
const bindings = bindingsFor(facts, agent, new Date("2026-03-04T15:30:00Z"));

function compiled(expression: string) {
  const result = compileExpression(expression);
  if ("error" in result) throw new Error(`expected ${expression} to compile: ${result.error}`);
  return result.program;
}

describe("compileExpression", () => {
  it("refuses a syntax error, an unknown variable and a non-bool result with a reason", () => {
    for (const bad of ["action.action_type == ", "acton.action_type == 'x'", "action.action_type"]) {
      const result = compileExpression(bad);
      expect(result, bad).toHaveProperty("error");
      expect((result as { error: string }).error, bad).not.toBe("");
    }
  });

  it("accepts a rule on a parameter that only some actions have", () => {
    expect(compileExpression('action.parameters.currency == "EUR"')).toHaveProperty("program");
  });
});

describe("ruleMatches", () => {
  it.each([
    ['action.action_type == "transfer" && action.estimated_cost_usd > 1000', true],
    ["action.estimated_cost_usd > 2000", false],
    ['action.risk_level == "high" && action.risk_score >= 80', true],
    ['agent.agent_type == "trading" && agent.name.startsWith("Tr")', true],
    ['action.resource.startsWith("bank/")', true],
    ['action.parameters.currency == "USD"', true],
    ["size(action.parameters.legs) == 2", true],
  ] as const)("%s is %s", (expression, expected) => {
    expect(ruleMatches(compiled(expression), bindings)).toBe(expected);
  });

  it("does not match when the expression fails at run time (a parameter this action lacks)", () => {
    expect(ruleMatches(compiled('action.parameters.missing == "x"'), bindings)).toBe(false);
  });
});
