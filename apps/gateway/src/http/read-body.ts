import type { IncomingMessage } from "node:http";
import { invalidRequest, platformError } from "@platform/errors";

/** Largest request body accepted (api-contract section 3: all limits are enforced and reported). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON body. An empty body is `{}`; a body that is not JSON is
 * INVALID_JSON; one over the limit is a validation error on `body`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume(); // drain the rest so the socket stays usable
      throw invalidRequest([{ field: "", rule: "body.too_large", limit: maxBytes }]);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw platformError("INVALID_JSON");
  }
}
