import {
  fromJson,
  ScalarType,
  type DescField,
  type DescMessage,
  type JsonValue,
  type MessageShape,
} from "@bufbuild/protobuf";
import { invalidRequest, type FieldProblem, type FieldLocation } from "@platform/errors";

/**
 * Turns client JSON into a request message. JSON of the wrong type or shape is
 * reported per field as VALIDATION_ERROR (422), before the service's protovalidate
 * rules see the message. Unknown fields are ignored (api-contract section 8).
 * Public names are the proto (snake_case) field names.
 */
export function messageFromJson<Desc extends DescMessage>(
  schema: Desc,
  json: unknown,
  location: FieldLocation = "body",
  options: ShapeOptions = {},
): MessageShape<Desc> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw invalidRequest([{ field: "", rule: "type.object", expected_type: "object", location }]);
  }
  const problems: FieldProblem[] = [];
  checkObject(schema, json as Record<string, unknown>, "", location, problems, new Set(options.strict ?? []));
  if (problems.length > 0) throw invalidRequest(problems);
  // Routes build bodies from path and query parts: an absent part is not a JSON value.
  const defined = Object.fromEntries(
    Object.entries(json as Record<string, unknown>).filter(([, v]) => v !== undefined),
  );
  try {
    return fromJson(schema, defined as JsonValue, { ignoreUnknownFields: true });
  } catch (failure) {
    throw invalidRequest([
      { field: "", rule: "type.object", expected_type: "object", text: String(failure), location },
    ]);
  }
}

export interface ShapeOptions {
  /**
   * Dotted paths of objects whose unknown keys are refused (422 naming the key), where
   * a misspelt key would silently change a meaning (policy conditions).
   */
  readonly strict?: readonly string[];
}

const wellKnownJson: Record<string, string> = {
  "google.protobuf.Timestamp": "datetime",
  "google.protobuf.Struct": "object",
  "google.protobuf.Value": "any",
  "google.protobuf.ListValue": "array",
};

function checkObject(
  schema: DescMessage,
  json: Record<string, unknown>,
  prefix: string,
  location: FieldLocation,
  problems: FieldProblem[],
  strict: ReadonlySet<string>,
): void {
  for (const field of schema.fields) {
    const value = json[field.name] ?? json[field.jsonName];
    if (value === undefined || value === null) continue;
    checkField(field, value, prefix + field.name, location, problems, strict);
  }
  if (strict.has(prefix.slice(0, -1))) {
    const known = new Set(schema.fields.flatMap((f) => [f.name, f.jsonName]));
    for (const key of Object.keys(json)) {
      if (!known.has(key)) problems.push({ field: prefix + key, rule: "type.unknown_field", location });
    }
  }
}

function checkField(
  field: DescField,
  value: unknown,
  path: string,
  location: FieldLocation,
  problems: FieldProblem[],
  strict: ReadonlySet<string>,
): void {
  const problem = (expected: string) =>
    problems.push({ field: path, rule: `type.${expected}`, expected_type: expected, location });
  if (field.fieldKind === "list") {
    if (!Array.isArray(value)) return void problem("array");
    value.forEach((item, i) => checkSingular(field, item, `${path}.${i}`, location, problems, strict));
    return;
  }
  if (field.fieldKind === "map") {
    if (typeof value !== "object" || Array.isArray(value)) problem("object");
    return;
  }
  checkSingular(field, value, path, location, problems, strict);
}

function checkSingular(
  field: DescField,
  value: unknown,
  path: string,
  location: FieldLocation,
  problems: FieldProblem[],
  strict: ReadonlySet<string>,
): void {
  const problem = (expected: string) =>
    problems.push({ field: path, rule: `type.${expected}`, expected_type: expected, location });
  if (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) {
    const message = field.message;
    const wkt = wellKnownJson[message.typeName];
    if (wkt === "any") return;
    if (wkt === "datetime") {
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) problem("datetime");
      return;
    }
    if (wkt === "array") {
      if (!Array.isArray(value)) problem("array");
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return void problem("object");
    if (!wkt) checkObject(message, value as Record<string, unknown>, `${path}.`, location, problems, strict);
    return;
  }
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")) {
    if (typeof value !== "string" && typeof value !== "number") problem("string");
    return;
  }
  const scalar = field.scalar ?? ScalarType.STRING;
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      if (typeof value !== "string") problem("string");
      return;
    case ScalarType.BOOL:
      if (typeof value !== "boolean") problem("boolean");
      return;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      if (typeof value !== "number" || !Number.isFinite(value)) problem("number");
      return;
    default:
      // Integers must fit their field: 1e12 for an int32 or 1e300 for an int64 is a type error
      // here, not a wrap-around or a decoder failure; unsigned ones are not negative.
      if (
        typeof value !== "number" ||
        !Number.isSafeInteger(value) ||
        (isInt32(scalar) && Math.abs(value) > 2 ** 31 - 1) ||
        (isUnsigned(scalar) && value < 0)
      )
        problem("integer");
  }
}

function isUnsigned(scalar: ScalarType): boolean {
  return (
    scalar === ScalarType.UINT32 ||
    scalar === ScalarType.FIXED32 ||
    scalar === ScalarType.UINT64 ||
    scalar === ScalarType.FIXED64
  );
}

function isInt32(scalar: ScalarType): boolean {
  return (
    scalar === ScalarType.INT32 ||
    scalar === ScalarType.SINT32 ||
    scalar === ScalarType.SFIXED32 ||
    scalar === ScalarType.UINT32 ||
    scalar === ScalarType.FIXED32
  );
}

/** Query parameters are strings: integers among them are converted, or reported in the query's `loc`. */
export function queryToJson(
  schema: DescMessage,
  query: URLSearchParams,
  aliases: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [rawName, raw] of query) {
    const name = aliases[rawName] ?? rawName;
    const field = schema.fields.find((f) => f.name === name);
    if (!field) continue;
    if (field.fieldKind === "scalar" && field.scalar !== ScalarType.STRING && field.scalar !== ScalarType.BOOL) {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isSafeInteger(n) || (isInt32(field.scalar) && Math.abs(n) > 2 ** 31 - 1))
        problems.push({ field: name, rule: "type.integer", expected_type: "integer", location: "query" });
      else json[name] = n;
    } else json[name] = raw;
  }
  if (problems.length > 0) throw invalidRequest(problems);
  return json;
}
