import { getOption, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
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
    case ScalarType.BOOL:
      return "boolean";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "number";
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return "string";
    default:
      return "integer";
  }
}

/** The value of the rule a violation broke (3 for `string.min_len = 3`), read from the field's options. */
function ruleValue(violation: Violation): FieldProblem["limit"] {
  const last = violation.field[violation.field.length - 1];
  if (!last || last.kind !== "field") return undefined;
  let value: unknown = getOption(last, fieldRulesExt);
  for (const step of violation.rule) {
    if (step.kind !== "field" || value === null || typeof value !== "object") return undefined;
    value = step.oneof
      ? (value as Record<string, { case?: string; value?: unknown }>)[step.oneof.localName]?.value
      : (value as Record<string, unknown>)[step.localName];
  }
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(String);
  return undefined;
}

type Bound = { case: string | undefined; value?: unknown } | undefined;

/**
 * protovalidate reports `gte` + `lte` on one field as a single range rule
 * (`int32.gte_lte`); clients are told which side they crossed, as the first page does.
 */
function splitRange(rule: string, leaf: DescField, value: unknown): { rule: string; limit?: number } | undefined {
  const match = /^(\w+)\.(gt|gte)_(lt|lte)$/.exec(rule);
  if (!match) return undefined;
  const typed = (getOption(leaf, fieldRulesExt).type as { value?: { greaterThan?: Bound; lessThan?: Bound } }).value;
  const lower = typed?.greaterThan;
  const upper = typed?.lessThan;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  const side = upper?.value !== undefined && n > Number(upper.value) ? upper : lower;
  if (!side?.case) return undefined;
  return { rule: `${match[1]}.${side.case}`, limit: Number(side.value) };
}

/** The value at a violation's field path, for rules whose message needs it. */
function valueAt(schema: DescMessage, message: Message, path: Violation["field"]): unknown {
  let current: unknown = reflect(schema, message);
  for (const step of path) {
    if (step.kind === "field" && current && typeof current === "object" && "get" in current && "desc" in current) {
      current = (current as ReflectMessage).get(step);
    } else if (step.kind === "list_sub" && current && typeof current === "object" && "get" in current) {
      current = (current as { get(i: number): unknown }).get(step.index);
    } else return undefined;
  }
  return current;
}

/** A protovalidate violation as a catalogue field problem. */
export function toFieldProblem(violation: Violation, value?: unknown): FieldProblem {
  const names: string[] = [];
  let leaf: DescField | undefined;
  for (const step of violation.field) {
    if (step.kind === "field") {
      names.push(step.name);
      leaf = step;
    } else if (step.kind === "list_sub") names.push(String(step.index));
    else if (step.kind === "map_sub") names.push(String(step.key));
  }
  const id = violation.ruleId.replace(/_empty$/, "");
  const range = leaf ? splitRange(id, leaf, value) : undefined;
  const rule = range?.rule ?? id;
  const limit = rule === "required" ? undefined : (range?.limit ?? ruleValue(violation));
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
  if (result.kind === "invalid")
    throw invalidRequest(result.violations.map((v) => toFieldProblem(v, valueAt(schema, message as Message, v.field))));
  throw result.error;
}

/** Server side: every unary request is checked against its protovalidate rules before the handler runs. */
export const validationInterceptor: Interceptor = (next) => async (req) => {
  if (!req.stream) assertValid(req.method.input, req.message);
  return next(req);
};
