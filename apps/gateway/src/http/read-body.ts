import type { IncomingMessage } from "node:http";
import { invalidRequest, platformError } from "@platform/errors";
import { assertSafeJson } from "./safe-text.js";

/** Largest request body accepted (api-contract section 3: all limits are enforced and reported). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the raw body. One over the limit is read to its end and thrown away, so the
 * client, still uploading, receives the refusal instead of a reset socket (EPIPE);
 * only the first `maxBytes` are ever kept in memory.
 */
function readRaw(req: IncomingMessage, maxBytes: number): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"] ?? 0) > maxBytes;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.once("end", () => resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }));
    req.once("aborted", () => reject(platformError("MALFORMED_REQUEST", { reason: "the request body ended early" })));
    req.once("error", (failure) =>
      reject(platformError("MALFORMED_REQUEST", { reason: "the request body could not be read" }, { cause: failure })),
    );
  });
}

/**
 * Reads and parses a JSON body. An empty body is `{}`; a body that is not JSON is
 * INVALID_JSON; one over the limit is a validation error on `body`; text no store can
 * keep (NUL, lone surrogates) and nesting deeper than the services decode are field
 * errors naming where they are.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const { text, tooLarge } = await readRaw(req, maxBytes);
  if (tooLarge) throw invalidRequest([{ field: "", rule: "body.too_large", limit: maxBytes }]);
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw platformError("INVALID_JSON");
  }
  assertSafeJson(body);
  return body;
}
