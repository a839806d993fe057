import { randomHex } from "./random-hex.js";

const clientIdPattern = /^[A-Za-z0-9._-]{1,128}$/;

/** A client's X-Request-ID of at most 128 safe characters is echoed; otherwise `req_` + a fresh id (api-contract section 4). */
export function requestIdFor(clientValue: string | undefined): string {
  if (clientValue && clientIdPattern.test(clientValue)) return clientValue;
  return `req_${randomHex(12)}`;
}
