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
 * A failure of a handler as the catalogue error a client may see. Errors of other
 * services pass through unchanged; a transport failure of a downstream call keeps its
 * meaning (unavailable, deadline); anything else is logged with the trace id (the
 * logger adds it) and becomes INTERNAL_ERROR. `rpc` names the call in the log.
 */
export function toCatalogueError(
  failure: unknown,
  rpc: string,
  logger: CauseLogger,
  mapError?: ErrorMapper,
): ConnectError {
  if (failure instanceof ConnectError && decodePlatformError(failure)) return failure;
  const mapped = mapError?.(failure);
  if (mapped) {
    // A mapped failure that is still a server fault (DATABASE_ERROR) keeps its cause only here.
    if (mapped.code === Code.Internal || mapped.code === Code.Unknown || mapped.code === Code.DataLoss) {
      logger.error({ err: failure, rpc, code: decodePlatformError(mapped)?.entry.code }, "server failure in handler");
    }
    return mapped;
  }
  if (failure instanceof ConnectError && failure.findDetails(ErrorInfoSchema).length === 0) {
    if (failure.code === Code.Unavailable)
      return platformError("SERVICE_UNAVAILABLE", { service: upstreamOf(failure) }, { cause: failure });
    if (failure.code === Code.DeadlineExceeded)
      return platformError("GATEWAY_TIMEOUT", { service: upstreamOf(failure) }, { cause: failure });
  }
  logger.error({ err: failure, rpc }, "unexpected failure in handler");
  return platformError("INTERNAL_ERROR", {}, { cause: failure });
}

/** Guarantees that every error leaving a handler is a catalogue error with exactly one ErrorInfo ({@link toCatalogueError}). */
export function errorNormalizer(logger: CauseLogger, mapError?: ErrorMapper): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (failure) {
      throw toCatalogueError(failure, `${req.service.typeName}/${req.method.name}`, logger, mapError);
    }
  };
}

function upstreamOf(error: ConnectError): string {
  return error.metadata.get("x-upstream-service") ?? "";
}
