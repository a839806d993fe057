import { describe, expect, it } from "vitest";
import type { ActionFacts } from "./policy.js";
import { bindingsFor, compileExpression, ruleMatches } from "./smart-rule.js";

const facts = {
  agentId: "bot-1",
  agentType: "trader",
  actionType: "transfer",
  resource: "bank/1",
  riskScore: 70,
  riskLevel: "high",
  estimatedCostUsd: 2500,
  parameters: { amount: 2500, to: "x" },
};
const agent = { agentId: "bot-1", agentType: "trader", name: "Bot" };

describe("smart rules are type-checked against the declared variables when saved", () => {
  it.each([
    [
      "action.cost_usd > 100.0",
      "unknown field 'action.cost_usd'; action has: agent_id, action_type, resource, risk_score, risk_level, estimated_cost_usd, parameters",
    ],
    ['agent.nme == "x"', "unknown field 'agent.nme'; agent has: agent_id, agent_type, name"],
    ["has(action.typ)", "unknown field 'action.typ'"],
    ['action["cost"] > 1.0', "unknown field 'action.cost'"],
    ["actoin.risk_score > 50", "undeclared reference to 'actoin'; the variables are action, agent and now"],
    ["now.hour > 3", "'now' is a timestamp and has no field 'hour'"],
    ['action.resource.path == "x"', "'action.resource' is a string and has no field 'path'"],
    ['action.parameters.exists(k, k == "to" && action.costs > 1.0)', "unknown field 'action.costs'"],
  ])("%s is refused, naming the unknown field", (expression, message) => {
    const compiled = compileExpression(expression);
    expect(compiled).toMatchObject({ typeError: true });
    expect("error" in compiled && compiled.error).toContain(message);
  });

  it.each([
    'action.action_type == "transfer" && action.estimated_cost_usd > 1000.0',
    "action.parameters.amount > 1000",
    'has(action.parameters.to) && agent.agent_type == "trader"',
    'action.parameters.exists(k, k == "to")',
    'action.risk_level in ["high", "critical"] && now > timestamp("2020-01-01T00:00:00Z")',
  ])("%s is accepted and evaluates", (expression) => {
    const compiled = compileExpression(expression);
    if (!("program" in compiled)) throw new Error(compiled.error);
    expect(ruleMatches(compiled.program, bindingsFor(facts, agent, new Date("2026-01-01T00:00:00Z")))).toBe(true);
  });

  it("a syntax error is not a type error", () => {
    expect(compileExpression("action.risk_score >")).not.toHaveProperty("typeError");
  });
});

const transfer: ActionFacts = {
  agentId: "bot-1",
  agentType: "trading",
  actionType: "transfer",
  resource: "bank/42",
  riskScore: 80,
  riskLevel: "high",
  estimatedCostUsd: 1500,
  parameters: { currency: "USD", legs: [1, 2] },
};
const trader = { agentId: "bot-1", agentType: "trading", name: "Trader" };
const bindings = bindingsFor(transfer, trader, new Date("2026-03-04T15:30:00Z"));

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
