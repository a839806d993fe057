import { parse } from "@bufbuild/cel";
import { describe, expect, it } from "vitest";
import { DECLARED_VARIABLES, undeclaredReference } from "./smart-rule-check.js";

const check = (expression: string) => undeclaredReference(parse(expression).expr);

describe("undeclaredReference", () => {
  it.each([
    'action.action_type == "transfer" && action.estimated_cost_usd > 1000.0',
    'agent.name.startsWith("Tr") && agent.agent_type == "trading"',
    'action.parameters.currency == "EUR"', // parameters differ per action: any field is allowed
    'action["risk_score"] > 50',
    "now > timestamp('2026-01-01T00:00:00Z')",
    "action.parameters.legs.exists(l, l > 2)", // a comprehension's own variable is in scope
    "type(action.risk_score) == int",
  ])("accepts %s", (expression) => {
    expect(check(expression)).toBeUndefined();
  });

  it("names an unknown field and lists the known ones", () => {
    expect(check("action.cost_usd > 100.0")).toBe(
      `unknown field 'action.cost_usd'; action has: ${Object.keys(DECLARED_VARIABLES.action).join(", ")}`,
    );
    expect(check('action["cost"] > 1.0')).toMatch(/^unknown field 'action.cost'/);
  });

  it("names an undeclared variable", () => {
    expect(check('acton.action_type == "x"')).toBe(
      "undeclared reference to 'acton'; the variables are action, agent and now",
    );
    expect(check("budget > 10")).toBe("undeclared reference to 'budget'; the variables are action, agent and now");
  });

  it("refuses a field of a field that has none", () => {
    expect(check('action.resource.path == "x"')).toBe("'action.resource' is a string and has no field 'path'");
    expect(check("now.seconds > 0")).toBe("'now' is a timestamp and has no field 'seconds'");
  });

  it("has nothing to say about no expression", () => {
    expect(undeclaredReference(undefined)).toBeUndefined();
  });
});
