import { invalidRequest } from "@platform/errors";
import type { PolicyConditions } from "./policy.js";
import { compileExpression } from "./smart-rule.js";

type Compiled = Extract<ReturnType<typeof compileExpression>, { program: unknown }>;

/**
 * A smart rule's CEL must compile wherever it is given (saved, or tested as a draft):
 * a bad expression is a 422 naming `field`, never a 500 later.
 */
export function checkedProgram(expression: string, field: string): Compiled["program"] {
  const compiled = compileExpression(expression);
  if ("error" in compiled)
    throw invalidRequest([
      {
        field,
        rule: "typeError" in compiled ? "type.cel" : "cel.expression",
        text: `invalid CEL expression: ${compiled.error}`,
      },
    ]);
  return compiled.program;
}

/** A policy's risk range must not be empty; `field` is the path of its conditions. */
export function assertRiskRange(conditions: PolicyConditions, field: string): void {
  const { min_risk_score: min, max_risk_score: max } = conditions;
  if (min !== undefined && max !== undefined && min > max) {
    throw invalidRequest([{ field: `${field}.max_risk_score`, rule: "int32.gte", limit: min }]);
  }
}
