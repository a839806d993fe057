/**
 * Field validation problems, shared by the services (which find them with
 * protovalidate) and the gateway (which finds JSON type errors before a request
 * becomes a proto message). The translator renders them in the style of either
 * route family (api-contract section 3).
 */

/** Where a request field came from. */
export type FieldLocation = "body" | "query" | "path";

/** One broken field rule. */
export interface FieldProblem {
  /** Dotted snake_case path, e.g. `agent_id` or `policy.conditions.min_risk_score`. */
  readonly field: string;
  /** protovalidate rule id (`required`, `string.min_len`, `int32.lte`, ...) or `type.*` / `body.*`. */
  readonly rule: string;
  /** The rule's value (3 for min_len 3, the allowed values for `in`). */
  readonly limit?: string | number | readonly string[];
  /** JSON type the field expects: string, integer, number, boolean, object, array. */
  readonly expected_type?: string;
  /** protovalidate's own sentence, used for rules without a known shape. */
  readonly text?: string;
  readonly location?: FieldLocation;
}

/** A problem in the first reference page's `{loc, msg, type}` style. */
export interface LocatedProblem {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

const numberChecks: Record<string, [string, string]> = {
  gte: ["ensure this value is greater than or equal to {n}", "value_error.number.not_ge"],
  lte: ["ensure this value is less than or equal to {n}", "value_error.number.not_le"],
  gt: ["ensure this value is greater than {n}", "value_error.number.not_gt"],
  lt: ["ensure this value is less than {n}", "value_error.number.not_lt"],
};

const typeChecks: Record<string, [string, string]> = {
  integer: ["value is not a valid integer", "type_error.integer"],
  number: ["value is not a valid float", "type_error.float"],
  string: ["str type expected", "type_error.str"],
  boolean: ["value could not be parsed to a boolean", "type_error.bool"],
  object: ["value is not a valid dict", "type_error.dict"],
  array: ["value is not a valid list", "type_error.list"],
  datetime: ["invalid datetime format", "value_error.datetime"],
};

function formatLimit(limit: FieldProblem["limit"]): string {
  if (Array.isArray(limit)) return limit.map((v) => `'${v}'`).join(", ");
  return String(limit ?? "");
}

/** `{msg, type}` of a problem in the style of the first reference page (pydantic's words). */
export function describeProblem(problem: FieldProblem): { msg: string; type: string } {
  const n = formatLimit(problem.limit);
  const [family, check = ""] = problem.rule.split(".", 2) as [string, string | undefined];
  if (problem.rule === "required") return { msg: "field required", type: "value_error.missing" };
  // Text no store can keep faithfully, and JSON nested deeper than the services decode.
  if (problem.rule === "string.no_nul") return { msg: "string contains a NUL character", type: "value_error.str.nul" };
  if (problem.rule === "string.well_formed")
    return { msg: "string contains an unpaired surrogate", type: "value_error.str.surrogate" };
  if (problem.rule === "type.depth")
    return { msg: `ensure this value is nested at most ${n} levels deep`, type: "value_error.nesting" };
  if (problem.rule === "type.cel")
    return { msg: problem.text ?? "expression does not type-check", type: "type_error.expression" };
  if (problem.rule === "type.unknown_field") return { msg: "extra fields not permitted", type: "value_error.extra" };
  if (family === "type") {
    const [msg, type] = typeChecks[check] ?? ["value is of the wrong type", "type_error"];
    return { msg, type };
  }
  if (problem.rule === "body.too_large")
    return { msg: `request body exceeds ${n} bytes`, type: "value_error.body.too_large" };
  if (problem.rule === "cel.expression")
    return { msg: problem.text ?? "invalid expression", type: "value_error.expression" };
  if (family === "string" || family === "bytes") {
    switch (check) {
      case "min_len":
        return { msg: `ensure this value has at least ${n} characters`, type: "value_error.any_str.min_length" };
      case "max_len":
        return { msg: `ensure this value has at most ${n} characters`, type: "value_error.any_str.max_length" };
      case "pattern":
        return { msg: `string does not match regex "${n}"`, type: "value_error.str.regex" };
      case "email":
        return { msg: "value is not a valid email address", type: "value_error.email" };
      case "in":
        return { msg: `value is not a valid enumeration member; permitted: ${n}`, type: "type_error.enum" };
    }
  }
  if (family === "repeated") {
    if (check === "max_items")
      return { msg: `ensure this value has at most ${n} items`, type: "value_error.list.max_items" };
    if (check === "min_items")
      return { msg: `ensure this value has at least ${n} items`, type: "value_error.list.min_items" };
  }
  const numeric = numberChecks[check];
  if (numeric) return { msg: numeric[0].replace("{n}", n), type: numeric[1] };
  return { msg: problem.text ?? `invalid value (${problem.rule})`, type: "value_error" };
}

/** The `loc` of a problem: `["body", "agent_id"]`, `["query", "limit"]`, nested paths split. */
export function locate(problem: FieldProblem): LocatedProblem {
  const path =
    problem.field === "" ? [] : problem.field.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return { loc: [problem.location ?? "body", ...path], ...describeProblem(problem) };
}

/** Which catalogue key a set of problems is: missing wins over invalid, JSON type errors are VALIDATION_ERROR. */
export function classifyProblems(
  problems: readonly FieldProblem[],
): "MISSING_REQUIRED_FIELD" | "INVALID_FIELD_VALUE" | "VALIDATION_ERROR" {
  if (problems.some((p) => p.rule.startsWith("type.") || p.rule.startsWith("body."))) return "VALIDATION_ERROR";
  if (problems.some((p) => p.rule === "required")) return "MISSING_REQUIRED_FIELD";
  return "INVALID_FIELD_VALUE";
}

/** The second page's `error.message` and `error.details` for a set of field problems. */
export function summarizeProblems(problems: readonly FieldProblem[]): {
  message: string;
  details: Record<string, unknown>;
} {
  const kind = classifyProblems(problems);
  const relevant = kind === "MISSING_REQUIRED_FIELD" ? problems.filter((p) => p.rule === "required") : problems;
  const fields = [...new Set(relevant.map((p) => p.field))];
  const first = relevant[0];
  const firstField = fields[0] ?? "";
  if (kind === "MISSING_REQUIRED_FIELD") {
    return {
      message:
        fields.length === 1
          ? `Required field '${firstField}' is missing`
          : `Missing required fields: ${fields.join(", ")}`,
      details: { field: firstField, fields, requirement: "required", type: first?.expected_type ?? "string" },
    };
  }
  const violations = relevant.map((p) => ({ field: p.field, rule: p.rule, message: describeProblem(p).msg }));
  const detailsBase = { field: firstField, fields, violations };
  if (kind === "VALIDATION_ERROR") {
    const head = first ? `: '${first.field || "body"}' ${describeProblem(first).msg}` : "";
    return { message: `Request body failed schema validation${head}`, details: detailsBase };
  }
  return {
    message:
      fields.length === 1 && first
        ? `Invalid value for field '${firstField}': ${describeProblem(first).msg}`
        : `Invalid values for fields: ${fields.join(", ")}`,
    details: {
      ...detailsBase,
      requirement: first?.rule ?? "",
      ...(first?.limit !== undefined ? { constraint: first.limit } : {}),
    },
  };
}
