import { Code, type ConnectError } from "@connectrpc/connect";

/** What a call that got no catalogue answer from its service means for the caller. */
export type UpstreamFailureKind = "unavailable" | "timeout" | "bad-answer";

/**
 * Node and HTTP/2 error codes of a connection that went away under a call: the service
 * was never there (refused), or died or restarted while the call was in flight (reset,
 * hang up, GOAWAY, session or stream torn down).
 */
const connectionLostCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ERR_HTTP2_GOAWAY_SESSION",
  "ERR_HTTP2_SESSION_ERROR",
  "ERR_HTTP2_STREAM_ERROR",
  "ERR_HTTP2_STREAM_CANCEL",
  "ERR_HTTP2_INVALID_SESSION",
  "ERR_HTTP2_INVALID_STREAM",
  "ERR_HTTP2_ERROR",
  "ERR_STREAM_PREMATURE_CLOSE",
  "ERR_STREAM_DESTROYED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const connectionLostMessage =
  /socket hang up|stream closed with error code|goaway|connection (?:reset|refused|closed)|premature close/i;

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let current = error;
    current instanceof Error && !chain.includes(current) && chain.length < 10;
    current = current.cause
  )
    chain.push(current);
  return chain;
}

function connectionLost(error: ConnectError): boolean {
  return causeChain(error).some((link) => {
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string" && connectionLostCodes.has(code)) return true;
    return connectionLostMessage.test((link as Error).message);
  });
}

/**
 * Classifies a transport failure (a ConnectError that carries no catalogue ErrorInfo,
 * so no handler produced it). Only an answer that arrived and was not a Connect
 * response is a bad answer (502). A service that is down, refused the connection, or
 * died with the call in flight is unavailable (503, retry later), whichever code the
 * transport gave it: a kill -9 shows up as CANCEL or INTERNAL stream resets, ECONNRESET
 * (Aborted) or a GOAWAY, depending on where in the call it lands.
 */
export function classifyUpstreamFailure(error: ConnectError): UpstreamFailureKind {
  switch (error.code) {
    case Code.DeadlineExceeded:
      return "timeout";
    case Code.Unavailable:
    case Code.Canceled:
    case Code.Aborted:
      return "unavailable";
    default:
      return connectionLost(error) ? "unavailable" : "bad-answer";
  }
}
