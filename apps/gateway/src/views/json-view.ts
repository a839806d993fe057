import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** A contract message as public JSON: snake_case names, every field present. */
export function jsonView<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Record<string, unknown> {
  return toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as Record<string, unknown>;
}
