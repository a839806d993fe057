import { create } from "@bufbuild/protobuf";
import { anyPack, AnySchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { StatusSchema, type Status } from "@platform/proto/google-rpc";

const TYPE_URL_PREFIX = "type.googleapis.com/";

/**
 * The error of one request inside a batch call, as the google.rpc.Status a unary call
 * would have carried: its code, message and every detail (ErrorInfo, RetryInfo, ...),
 * so the caller reads it back with the same catalogue decoding.
 */
export function errorToStatus(error: ConnectError): Status {
  return create(StatusSchema, {
    code: error.code,
    message: error.rawMessage,
    details: error.details.map((detail) =>
      "desc" in detail
        ? anyPack(detail.desc, create(detail.desc, detail.value))
        : create(AnySchema, { typeUrl: `${TYPE_URL_PREFIX}${detail.type}`, value: detail.value }),
    ),
  });
}

const codes = new Map<number, Code>(
  Object.values(Code).flatMap((code) => (typeof code === "number" ? [[code as number, code] as const] : [])),
);

/** A Connect code sent as a number; one this version does not know is Internal. */
export function codeOf(value: number): Code {
  return codes.get(value) ?? Code.Internal;
}

/** A Status of {@link errorToStatus} back as the ConnectError it stands for. */
export function statusToError(status: Status): ConnectError {
  const error = new ConnectError(status.message, codeOf(status.code));
  // As a Connect client reads them off the wire: type name and bytes, decoded on demand (findDetails).
  for (const any of status.details)
    error.details.push({
      type: any.typeUrl.startsWith(TYPE_URL_PREFIX) ? any.typeUrl.slice(TYPE_URL_PREFIX.length) : any.typeUrl,
      value: any.value,
    });
  return error;
}
