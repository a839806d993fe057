import { getOption, hasOption, ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { field as validateRules } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = Record<string, unknown>;

/** Named schemas of the document (`components.schemas`), filled as messages are met. */
export type SchemaComponents = Record<string, JsonSchema>;

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** How protobuf's JSON mapping writes the well-known types the contracts use. */
const wellKnown: Record<string, JsonSchema> = {
  "google.protobuf.Timestamp": { type: "string", format: "date-time" },
  "google.protobuf.Struct": { type: "object", additionalProperties: true },
  "google.protobuf.Value": {},
  "google.protobuf.ListValue": { type: "array", items: {} },
  "google.protobuf.Empty": { type: "object" },
};

function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BYTES:
      return { type: "string", contentEncoding: "base64" };
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.DOUBLE:
      return { type: "number", format: "double" };
    case ScalarType.FLOAT:
      return { type: "number", format: "float" };
    // 64-bit integers are strings in protobuf JSON (they exceed JavaScript's safe integers).
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { type: "string", format: "int64" };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "string", format: "uint64" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: "integer", format: "int32", minimum: 0 };
    default:
      return { type: "integer", format: "int32" };
  }
}

const enumSchema = (desc: DescEnum): JsonSchema => ({ type: "string", enum: desc.values.map((v) => v.name) });

/** The protovalidate rules of a field, as JSON Schema keywords (what the service enforces). */
function ruleKeywords(field: DescField): { keywords: JsonSchema; items: JsonSchema; required: boolean } {
  const keywords: JsonSchema = {};
  const items: JsonSchema = {};
  if (!hasOption(field, validateRules)) return { keywords, items, required: false };
  const rules = getOption(field, validateRules);
  const apply = (target: JsonSchema, type: typeof rules.type) => {
    switch (type.case) {
      case "string": {
        const s = type.value;
        if (s.minLen > 0n) target["minLength"] = Number(s.minLen);
        if (s.maxLen > 0n) target["maxLength"] = Number(s.maxLen);
        if (s.pattern) target["pattern"] = s.pattern;
        if (s.in.length > 0) target["enum"] = [...s.in];
        if (s.wellKnown.case === "email") target["format"] = "email";
        break;
      }
      case "int32":
      case "int64":
      case "uint32":
      case "double":
      case "float": {
        const n = type.value as {
          greaterThan: { case?: string; value?: unknown };
          lessThan: { case?: string; value?: unknown };
        };
        const num = (v: unknown) => Number(v);
        if (n.greaterThan.case === "gte") target["minimum"] = num(n.greaterThan.value);
        if (n.greaterThan.case === "gt") target["exclusiveMinimum"] = num(n.greaterThan.value);
        if (n.lessThan.case === "lte") target["maximum"] = num(n.lessThan.value);
        if (n.lessThan.case === "lt") target["exclusiveMaximum"] = num(n.lessThan.value);
        break;
      }
      case "repeated": {
        const r = type.value;
        if (r.minItems > 0n) target["minItems"] = Number(r.minItems);
        if (r.maxItems > 0n) target["maxItems"] = Number(r.maxItems);
        if (r.items?.type) apply(items, r.items.type);
        break;
      }
      default:
        break;
    }
  };
  apply(keywords, rules.type);
  return { keywords, items, required: rules.required };
}

/** The schema of one value of the field: the field itself, or an item of its list, or a value of its map. */
function valueSchema(field: DescField, components: SchemaComponents): JsonSchema {
  switch (field.fieldKind) {
    case "list":
      return field.listKind === "enum"
        ? enumSchema(field.enum)
        : field.listKind === "message"
          ? messageRef(field.message, components)
          : scalarSchema(field.scalar);
    case "map":
      return field.mapKind === "enum"
        ? enumSchema(field.enum)
        : field.mapKind === "message"
          ? messageRef(field.message, components)
          : scalarSchema(field.scalar);
    case "enum":
      return enumSchema(field.enum);
    case "message":
      return messageRef(field.message, components);
    case "scalar":
      return scalarSchema(field.scalar);
  }
}

function fieldSchema(field: DescField, components: SchemaComponents): { schema: JsonSchema; required: boolean } {
  const { keywords, items, required } = ruleKeywords(field);
  let schema: JsonSchema;
  switch (field.fieldKind) {
    case "list":
      schema = { type: "array", items: { ...valueSchema(field, components), ...items }, ...keywords };
      break;
    case "map":
      schema = { type: "object", additionalProperties: valueSchema(field, components) };
      break;
    case "enum":
      schema = { ...enumSchema(field.enum), ...keywords };
      break;
    case "message":
      schema = messageRef(field.message, components);
      break;
    default:
      schema = { ...scalarSchema(field.scalar), ...keywords };
  }
  return { schema, required };
}

/**
 * The JSON Schema of a contract message as the public API writes it: proto field
 * names (snake_case), protobuf's JSON mapping for the types, and the message's
 * protovalidate rules (required fields, lengths, patterns, ranges, enumerations).
 * `omit` leaves out fields the route takes from the path.
 */
export function messageSchema(
  desc: DescMessage,
  components: SchemaComponents,
  omit: readonly string[] = [],
): JsonSchema {
  const known = wellKnown[desc.typeName];
  if (known) return known;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of desc.fields) {
    if (omit.includes(field.name)) continue;
    const f = fieldSchema(field, components);
    properties[field.name] = f.schema;
    if (f.required) required.push(field.name);
  }
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}

/** A `$ref` to the message's component, defining it (and what it refers to) on first use. */
export function messageRef(desc: DescMessage, components: SchemaComponents): JsonSchema {
  const known = wellKnown[desc.typeName];
  if (known) return known;
  if (!(desc.typeName in components)) {
    components[desc.typeName] = {}; // reserved first: messages may refer to themselves
    components[desc.typeName] = messageSchema(desc, components);
  }
  return componentRef(desc.typeName);
}
