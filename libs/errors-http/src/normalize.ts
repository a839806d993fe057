import { ConnectError } from "@connectrpc/connect";
import { classifyUpstreamFailure, decodePlatformError, entryOf, type DecodedError } from "@platform/errors";

/**
 * Turns anything a route handler threw into a catalogue case.
 * - A ConnectError with an ErrorInfo is a service's (or the gateway's own) catalogue error.
 * - A ConnectError without one never came from a handler (their errors are always
 *   normalised into the catalogue), so it is the transport speaking: unreachable or
 *   gone mid-call (503 with Retry-After, also for calls in flight when the service
 *   died), deadline (504), or an answer that was not a Connect response at all (502).
 * - Anything else is a bug in the gateway: 500, with nothing internal in the body.
 */
export function normalizeFailure(failure: unknown): DecodedError {
  if (failure instanceof ConnectError) {
    const decoded = decodePlatformError(failure);
    if (decoded) return decoded;
    const service = failure.metadata.get("x-upstream-service") ?? "";
    switch (classifyUpstreamFailure(failure)) {
      case "unavailable":
        return { entry: entryOf("SERVICE_UNAVAILABLE"), params: { service }, domain: "" };
      case "timeout":
        return { entry: entryOf("GATEWAY_TIMEOUT"), params: { service }, domain: "" };
      case "bad-answer":
        return { entry: entryOf("UPSTREAM_ERROR"), params: { service }, domain: "" };
    }
  }
  return { entry: entryOf("INTERNAL_ERROR"), params: {}, domain: "" };
}
