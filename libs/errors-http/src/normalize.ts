import { Code, ConnectError } from "@connectrpc/connect";
import { decodePlatformError, entryOf, type DecodedError } from "@platform/errors";

/**
 * Turns anything a route handler threw into a catalogue case.
 * - A ConnectError with an ErrorInfo is a service's (or the gateway's own) catalogue error.
 * - A ConnectError without one never came from a handler (their errors are always
 *   normalised into the catalogue), so it is the transport speaking: unreachable (503),
 *   deadline (504), or an answer that was not a Connect response at all (502).
 * - Anything else is a bug in the gateway: 500, with nothing internal in the body.
 */
export function normalizeFailure(failure: unknown): DecodedError {
  if (failure instanceof ConnectError) {
    const decoded = decodePlatformError(failure);
    if (decoded) return decoded;
    const service = failure.metadata.get("x-upstream-service") ?? "";
    switch (failure.code) {
      case Code.Unavailable:
        return { entry: entryOf("SERVICE_UNAVAILABLE"), params: { service }, domain: "" };
      case Code.DeadlineExceeded:
        return { entry: entryOf("GATEWAY_TIMEOUT"), params: { service }, domain: "" };
      default:
        return { entry: entryOf("UPSTREAM_ERROR"), params: { service }, domain: "" };
    }
  }
  return { entry: entryOf("INTERNAL_ERROR"), params: {}, domain: "" };
}
