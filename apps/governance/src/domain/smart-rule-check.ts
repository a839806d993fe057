import type { parse } from "@bufbuild/cel";

type Expr = NonNullable<ReturnType<typeof parse>["expr"]>;

/**
 * What a smart rule's CEL expression may name (api-contract section 6): `action`,
 * `agent` and `now` and their fields. `@bufbuild/cel` does not type-check member
 * access yet, and a map lookup of a missing key is only an evaluation error, so
 * `action.cost_usd > 100.0` (no such field) would be saved and silently never match.
 * This check walks the parsed expression and names the first unknown reference.
 */
type FieldKind = "string" | "int" | "double" | "map";

export const DECLARED_VARIABLES: Readonly<Record<"action" | "agent", Readonly<Record<string, FieldKind>>>> = {
  action: {
    agent_id: "string",
    action_type: "string",
    resource: "string",
    risk_score: "int",
    risk_level: "string",
    estimated_cost_usd: "double",
    parameters: "map",
  },
  agent: { agent_id: "string", agent_type: "string", name: "string" },
};

/** Identifiers CEL itself defines (type names used as values, `null`'s type). */
const builtinIdents = new Set([
  "int",
  "uint",
  "double",
  "bool",
  "string",
  "bytes",
  "list",
  "map",
  "null_type",
  "type",
  "timestamp",
  "duration",
]);

const describe = (name: "action" | "agent") => Object.keys(DECLARED_VARIABLES[name]).join(", ");

function memberProblem(variable: string, field: string): string | undefined {
  if (variable === "now") return `'now' is a timestamp and has no field '${field}'`;
  if (variable !== "action" && variable !== "agent") {
    return builtinIdents.has(variable)
      ? undefined
      : `undeclared reference to '${variable}'; the variables are action, agent and now`;
  }
  const kind = DECLARED_VARIABLES[variable][field];
  if (!kind) return `unknown field '${variable}.${field}'; ${variable} has: ${describe(variable)}`;
  return undefined;
}

/** The variable and field of `action.x` / `action["x"]`, when that is what `expr` is. */
function declaredMember(expr: Expr, scope: ReadonlySet<string>): { variable: string; field: string } | undefined {
  const kind = expr.exprKind;
  if (kind.case === "selectExpr" && kind.value.operand?.exprKind.case === "identExpr") {
    const variable = kind.value.operand.exprKind.value.name;
    if (!scope.has(variable)) return { variable, field: kind.value.field };
  }
  if (kind.case === "callExpr" && kind.value.function === "_[_]" && kind.value.args.length === 2) {
    const [target, key] = kind.value.args;
    if (
      target?.exprKind.case === "identExpr" &&
      key?.exprKind.case === "constExpr" &&
      key.exprKind.value.constantKind.case === "stringValue"
    ) {
      const variable = target.exprKind.value.name;
      if (!scope.has(variable)) return { variable, field: key.exprKind.value.constantKind.value };
    }
  }
  return undefined;
}

/** The first reference the declared variables do not have, or undefined when every one is known. */
export function undeclaredReference(
  expr: Expr | undefined,
  scope: ReadonlySet<string> = new Set(),
): string | undefined {
  if (!expr) return undefined;
  const member = declaredMember(expr, scope);
  if (member) {
    const problem = memberProblem(member.variable, member.field);
    if (problem) return problem;
    // A field of a declared object that is not a map has no fields of its own.
    return undefined;
  }
  const kind = expr.exprKind;
  switch (kind.case) {
    case "identExpr": {
      const name = kind.value.name;
      if (scope.has(name) || name in DECLARED_VARIABLES || name === "now" || builtinIdents.has(name)) return undefined;
      return `undeclared reference to '${name}'; the variables are action, agent and now`;
    }
    case "selectExpr": {
      const operand = kind.value.operand;
      const inner = operand && declaredMember(operand, scope);
      if (inner && (inner.variable === "action" || inner.variable === "agent")) {
        const fieldKind = DECLARED_VARIABLES[inner.variable][inner.field];
        if (fieldKind && fieldKind !== "map")
          return `'${inner.variable}.${inner.field}' is a ${fieldKind} and has no field '${kind.value.field}'`;
      }
      return undeclaredReference(operand, scope);
    }
    case "callExpr":
      return undeclaredReference(kind.value.target, scope) ?? firstOf(kind.value.args, scope);
    case "listExpr":
      return firstOf(kind.value.elements, scope);
    case "structExpr":
      return firstOf(
        kind.value.entries.flatMap((e) => [e.keyKind.case === "mapKey" ? e.keyKind.value : undefined, e.value]),
        scope,
      );
    case "comprehensionExpr": {
      const c = kind.value;
      const inner = new Set([...scope, c.iterVar, c.iterVar2, c.accuVar].filter(Boolean));
      return (
        undeclaredReference(c.iterRange, scope) ??
        undeclaredReference(c.accuInit, scope) ??
        firstOf([c.loopCondition, c.loopStep, c.result], inner)
      );
    }
    default:
      return undefined;
  }
}

function firstOf(exprs: readonly (Expr | undefined)[], scope: ReadonlySet<string>): string | undefined {
  for (const e of exprs) {
    const problem = undeclaredReference(e, scope);
    if (problem) return problem;
  }
  return undefined;
}
