import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { decodePlatformError, platformError } from "@platform/errors";
import { ErrorInfoSchema } from "@platform/proto/google-rpc";

/** Maps a failure the catalogue does not know yet (a driver error, say) to a catalogue error. */
export type ErrorMapper = (error: unknown) => ConnectError | undefined;

/** A logger for causes that must never reach a client. */
export interface CauseLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * Guarantees that every error leaving a handler is a catalogue error with exactly one
 * ErrorInfo. Errors of other services pass through unchanged; a transport failure of
 * a downstream call keeps its meaning (unavailable, deadline); anything else is
 * logged with the trace id (the logger adds it) and becomes INTERNAL_ERROR.
 */
export function errorNormalizer(logger: CauseLogger, mapError?: ErrorMapper): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (failure) {
      if (failure instanceof ConnectError && decodePlatformError(failure)) throw failure;
      const mapped = mapError?.(failure);
      if (mapped) {
        // A mapped failure that is still a server fault (DATABASE_ERROR) keeps its cause only here.
        if (mapped.code === Code.Internal || mapped.code === Code.Unknown || mapped.code === Code.DataLoss) {
          logger.error(
            {
              err: failure,
              rpc: `${req.service.typeName}/${req.method.name}`,
              code: decodePlatformError(mapped)?.entry.code,
            },
            "server failure in handler",
          );
        }
        throw mapped;
      }
      if (failure instanceof ConnectError && failure.findDetails(ErrorInfoSchema).length === 0) {
        if (failure.code === Code.Unavailable)
          throw platformError("SERVICE_UNAVAILABLE", { service: upstreamOf(failure) }, { cause: failure });
        if (failure.code === Code.DeadlineExceeded)
          throw platformError("GATEWAY_TIMEOUT", { service: upstreamOf(failure) }, { cause: failure });
      }
      logger.error(
        { err: failure, rpc: `${req.service.typeName}/${req.method.name}` },
        "unexpected failure in handler",
      );
      throw platformError("INTERNAL_ERROR", {}, { cause: failure });
    }
  };
}

function upstreamOf(error: ConnectError): string {
  return error.metadata.get("x-upstream-service") ?? "";
}
