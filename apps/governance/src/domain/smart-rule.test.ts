import { describe, expect, it } from "vitest";
import { bindingsFor, compileExpression, ruleMatches } from "./smart-rule.js";

const facts = { agentId: "bot-1", agentType: "trader", actionType: "transfer", resource: "bank/1", riskScore: 70, riskLevel: "high", estimatedCostUsd: 2500, parameters: { amount: 2500, to: "x" } };
const agent = { agentId: "bot-1", agentType: "trader", name: "Bot" };

describe("smart rules are type-checked against the declared variables when saved", () => {
  it.each([
    ["action.cost_usd > 100.0", "unknown field 'action.cost_usd'; action has: agent_id, action_type, resource, risk_score, risk_level, estimated_cost_usd, parameters"],
    ['agent.nme == "x"', "unknown field 'agent.nme'; agent has: agent_id, agent_type, name"],
    ['has(action.typ)', "unknown field 'action.typ'"],
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
