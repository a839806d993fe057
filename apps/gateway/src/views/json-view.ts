import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/**
 * A contract message as public JSON: snake_case names, every field present.
 *
 * Proto3 makes every message field optional, but the services always fill the one a route
 * shows; a missing one is a service bug, so it fails the request (500, cause logged) rather
 * than answering an empty object.
 */
export function jsonView<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc> | undefined,
): Record<string, unknown> {
  if (message === undefined) throw new Error(`A service answered without its ${schema.typeName}`);
  return toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as Record<string, unknown>;
}
