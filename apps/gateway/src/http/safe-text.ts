import { invalidRequest, type FieldLocation, type FieldProblem } from "@platform/errors";

/**
 * The deepest JSON a request may carry. Every JSON level of a `parameters`, `context`
 * or `metadata` object becomes two protobuf messages (Struct, Value) between the
 * services, whose binary decoder stops at 100 nested messages, with a few more for
 * the request and action around it. 32 keeps a margin, so a deep value is refused
 * here with a field error and never fails inside a service.
 */
export const MAX_JSON_DEPTH = 32;

/** What is wrong with a piece of text, if anything: a NUL (no PostgreSQL text can hold it) or a lone UTF-16 surrogate (no UTF-8 encoding exists). */
export function textProblem(text: string): "string.no_nul" | "string.well_formed" | undefined {
  if (text.includes("\u0000")) return "string.no_nul";
  return text.isWellFormed() ? undefined : "string.well_formed";
}

/** A field name that is safe to echo in an error and a log line. */
export function printableName(name: string): string {
  return textProblem(name) ? JSON.stringify(name).slice(1, -1) : name;
}

/**
 * Finds unsafe text (in values and in object keys), numbers too large for a double and
 * over-deep nesting in a parsed
 * JSON value, depth first, and names each place by its dotted path. Stops descending at
 * the depth limit, so a hostile document costs no more than its size.
 */
export function jsonProblems(
  value: unknown,
  location: FieldLocation = "body",
  maxDepth = MAX_JSON_DEPTH,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (v: unknown, path: string, depth: number) => {
    if (problems.length >= 20) return;
    if (typeof v === "string") {
      const rule = textProblem(v);
      if (rule) problems.push({ field: path, rule, location });
      return;
    }
    // 1e400 parses to Infinity, which no protobuf Value or JSON answer can carry.
    if (typeof v === "number" && !Number.isFinite(v)) {
      problems.push({ field: path, rule: "type.number", expected_type: "number", location });
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (depth >= maxDepth) {
      // Name the top-level field: the full path of a hostile document says nothing more.
      problems.push({ field: path.split(".")[0] ?? "", rule: "type.depth", limit: maxDepth, location });
      return;
    }
    const join = (key: string) => (path === "" ? key : `${path}.${key}`);
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(String(i)), depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const keyRule = textProblem(key);
      if (keyRule) problems.push({ field: join(printableName(key)), rule: keyRule, location });
      else visit(item, join(key), depth + 1);
    }
  };
  visit(value, "", 0);
  return problems;
}

/** Throws the field errors of unsafe text or nesting in a parsed JSON body. */
export function assertSafeJson(value: unknown, location: FieldLocation = "body"): void {
  const problems = jsonProblems(value, location);
  if (problems.length > 0) throw invalidRequest(problems);
}

/** Throws the field errors of unsafe text in path parameters and query parameters. */
export function assertSafeRequestParts(params: Readonly<Record<string, string>>, query: URLSearchParams): void {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    const rule = textProblem(value);
    if (rule) problems.push({ field: name, rule, location: "path" });
  }
  for (const [name, value] of query) {
    const rule = textProblem(name) ?? textProblem(value);
    if (rule) problems.push({ field: printableName(name), rule, location: "query" });
  }
  if (problems.length > 0) throw invalidRequest(problems);
}
