import type { Interceptor } from "@connectrpc/connect";
import { platformError } from "@platform/errors";
import { currentPrincipal, principalKey, runAsPrincipal } from "./principal-context.js";
import { audienceOf, serviceTokenFor, verifyServiceToken } from "./service-token.js";

/** The caller's signed service token travels as a bearer token (so `buf curl -H "Authorization: Bearer ..."` works). */
export const SERVICE_TOKEN_HEADER = "authorization";
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Server side: a call without a token has no caller (public RPCs, or
 * AUTHENTICATION_REQUIRED where one is needed); a call with a token has the caller it
 * names once the token verifies for this service, and is refused with
 * INVALID_SERVICE_TOKEN (401) otherwise. Nothing else identifies a caller.
 */
export const principalServerInterceptor: Interceptor = (next) => async (req) => {
  const header = req.header.get(SERVICE_TOKEN_HEADER);
  if (!header) return next(req);
  const token = BEARER.exec(header)?.[1];
  if (!token) throw platformError("INVALID_SERVICE_TOKEN", { problem: "not a bearer token" });
  const principal = await verifyServiceToken(token, audienceOf(req.service.typeName));
  req.contextValues.set(principalKey, principal);
  // Calls this handler makes to other services act for the same caller.
  return runAsPrincipal(principal, () => next(req));
};

/** Client side: signs the caller of the current scope (or of the call's context values) for the service called. */
export const principalClientInterceptor: Interceptor = (next) => async (req) => {
  const principal = req.contextValues.get(principalKey) ?? currentPrincipal();
  if (principal)
    req.header.set(
      SERVICE_TOKEN_HEADER,
      `Bearer ${await serviceTokenFor(principal, audienceOf(req.service.typeName))}`,
    );
  return next(req);
};
