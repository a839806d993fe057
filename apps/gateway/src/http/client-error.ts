import { randomBytes } from "node:crypto";
import { maxHeaderSize, STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { platformError } from "@platform/errors";
import { translateFailure } from "@platform/errors-http";
import { createLogger } from "@platform/telemetry";
import { requestIdFor } from "./request-id.js";

const logger = createLogger("gateway");

/** How long a refused connection is drained before it is closed (the client reads the answer meanwhile). */
const DRAIN_MS = 2_000;

/** The catalogue case of an HTTP parser failure (Node's `HPE_*` and `ERR_HTTP_*` codes). */
function failureOf(error: NodeJS.ErrnoException) {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return platformError("REQUEST_HEADERS_TOO_LARGE", { limit: maxHeaderSize });
    case "ERR_HTTP_REQUEST_TIMEOUT":
    case "ERR_HTTP_HEADERS_TIMEOUT":
      return platformError("MALFORMED_REQUEST", { reason: "the request did not arrive in time" });
    default:
      return platformError("MALFORMED_REQUEST", {
        reason: (error.code ?? "unreadable request").replace(/^HPE_/, "").toLowerCase(),
      });
  }
}

/**
 * Answers a request Node's HTTP parser refused (headers over `maxHeaderSize`, bad
 * characters, a broken request line) in the documented envelope with X-Request-ID,
 * instead of Node's bare status line. There is no request object yet, so the answer
 * is written to the socket; what the client still sends is read and dropped until it
 * closes, so the kernel never resets the connection before the answer is read.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, now: Date = new Date()): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = requestIdFor(undefined);
  const translated = translateFailure(failureOf(error), "legacy", {
    requestId,
    correlationId: randomBytes(16).toString("hex"),
    now,
  });
  const body = JSON.stringify(translated.body);
  const head = [
    `HTTP/1.1 ${translated.status} ${STATUS_CODES[translated.status] ?? "Bad Request"}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    `x-correlation-id: ${translated.body.meta.correlation_id}`,
    "connection: close",
  ];
  logger.warn(
    { request_id: requestId, code: error.code, status: translated.status },
    "request refused by the HTTP parser",
  );
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.on("error", () => undefined);
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}

/** Installs `answerClientError` on the gateway's server. */
export function handleClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket));
}
