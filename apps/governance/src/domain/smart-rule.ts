import { celEnv, isCelError, parse, plan, type CelInput } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ActionFacts } from "./policy.js";
import { undeclaredReference } from "./smart-rule-check.js";

/** A smart rule as the pipeline sees it. */
export interface SmartRuleDef {
  readonly id: string;
  readonly name: string;
  readonly expression: string;
  readonly effect: "deny" | "require_approval" | "alert";
  readonly requiredLevel: number;
  readonly enabled: boolean;
}

type Bindings = { action: CelInput; agent: CelInput; now: CelInput };
type Program = (bindings: Bindings) => unknown;

const env = celEnv({ funcs: strings });

/** CEL sees JSON-ish values as maps and lists. */
function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === "object") return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return (value ?? null) as CelInput;
}

export function bindingsFor(
  facts: ActionFacts,
  agent: { agentId: string; agentType: string; name: string },
  now: Date,
): Bindings {
  return {
    action: toCel({
      agent_id: facts.agentId,
      action_type: facts.actionType,
      resource: facts.resource,
      risk_score: facts.riskScore,
      risk_level: facts.riskLevel,
      estimated_cost_usd: facts.estimatedCostUsd,
      parameters: facts.parameters,
    }),
    agent: toCel({ agent_id: agent.agentId, agent_type: agent.agentType, name: agent.name }),
    now: timestampFromDate(now),
  };
}

/** A sample of every variable, to catch at save time what would fail on every action. */
const sample = bindingsFor(
  {
    agentId: "agent-1",
    agentType: "type",
    actionType: "read",
    resource: "r",
    riskScore: 50,
    riskLevel: "medium",
    estimatedCostUsd: 1,
    parameters: {},
  },
  { agentId: "agent-1", agentType: "type", name: "agent" },
  new Date(0),
);

/**
 * Compiles a rule's CEL expression. Returns the reason it cannot be used (syntax, an
 * unknown variable or field, not a bool), so a bad rule is refused when it is saved,
 * never a 500 later.
 */
export function compileExpression(expression: string): { program: Program } | { error: string; typeError?: true } {
  let program: Program;
  try {
    const parsed = parse(expression);
    // Type-checked against the declared variables: a misspelt field is refused, naming it.
    const undeclared = undeclaredReference(parsed.expr);
    if (undeclared) return { error: undeclared, typeError: true };
    program = plan(env, parsed);
  } catch (failure) {
    return { error: String(failure instanceof Error ? failure.message : failure) };
  }
  const result = program(sample);
  if (isCelError(result)) {
    const message = String(result);
    // Fields of `parameters` differ per action: only an unknown top-level name is fatal.
    if (/unresolved attribute|undeclared|no such overload/i.test(message)) return { error: message };
  } else if (typeof result !== "boolean") {
    return { error: "expression must evaluate to a bool" };
  }
  return { program };
}

/** Whether a compiled rule matches; a runtime error (a missing parameter) is no match. */
export function ruleMatches(program: Program, bindings: Bindings): boolean {
  const result = program(bindings);
  return result === true;
}
