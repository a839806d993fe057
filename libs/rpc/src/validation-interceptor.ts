import { getOption, ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { createValidator, type Violation } from "@bufbuild/protovalidate";
import { field as fieldRulesExt } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import type { Interceptor } from "@connectrpc/connect";
import { invalidRequest, type FieldProblem } from "@platform/errors";

const validator = createValidator();

/** JSON type a client must send for a field (for MISSING_REQUIRED_FIELD's `type`). */
export function jsonTypeOf(field: DescField): string {
  if (field.fieldKind === "list") return "array";
  if (field.fieldKind === "map" || field.fieldKind === "message") return "object";
  if (field.fieldKind === "enum") return "string";
  switch (field.scalar) {
    case ScalarType.BOOL: return "boolean";
    case ScalarType.DOUBLE: case ScalarType.FLOAT: return "number";
    case ScalarType.STRING: case ScalarType.BYTES: return "string";
    default: return "integer";
  }
}

/** The value of the rule a violation broke (3 for `string.min_len = 3`), read from the field's options. */
function ruleValue(violation: Violation): FieldProblem["limit"] {
  const last = violation.field[violation.field.length - 1];
  if (!last || last.kind !== "field") return undefined;
  let value: unknown = getOption(last, fieldRulesExt);
  for (const step of violation.rule) {
    if (step.kind !== "field" || value === null || typeof value !== "object") return undefined;
    value = step.oneof ? (value as Record<string, { case?: string; value?: unknown }>)[step.oneof.localName]?.value : (value as Record<string, unknown>)[step.localName];
  }
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(String);
  return undefined;
}

/** A protovalidate violation as a catalogue field problem. */
export function toFieldProblem(violation: Violation): FieldProblem {
  const names: string[] = [];
  let leaf: DescField | undefined;
  for (const step of violation.field) {
    if (step.kind === "field") {
      names.push(step.name);
      leaf = step;
    } else if (step.kind === "list_sub") names.push(String(step.index));
    else if (step.kind === "map_sub") names.push(String(step.key));
  }
  const rule = violation.ruleId.replace(/_empty$/, "");
  const limit = rule === "required" ? undefined : ruleValue(violation);
  return {
    field: names.join("."),
    rule,
    text: violation.message,
    ...(limit !== undefined ? { limit } : {}),
    ...(leaf ? { expected_type: jsonTypeOf(leaf) } : {}),
  };
}

/** Validates a message against its protovalidate rules; throws the catalogue's validation error. */
export function assertValid(schema: DescMessage, message: Parameters<typeof validator.validate>[1]): void {
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return;
  if (result.kind === "invalid") throw invalidRequest(result.violations.map(toFieldProblem));
  throw result.error;
}

/** Server side: every unary request is checked against its protovalidate rules before the handler runs. */
export const validationInterceptor: Interceptor = (next) => async (req) => {
  if (!req.stream) assertValid(req.method.input, req.message);
  return next(req);
};
