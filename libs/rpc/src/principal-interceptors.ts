import { decodeBinaryHeader, encodeBinaryHeader, type Interceptor } from "@connectrpc/connect";
import { PrincipalSchema } from "@platform/proto/principal";
import { PRINCIPAL_HEADER, currentPrincipal, principalKey, runAsPrincipal } from "./principal-context.js";

/** Server side: reads the caller from the header into the handler context and the async scope. */
export const principalServerInterceptor: Interceptor = (next) => async (req) => {
  const header = req.header.get(PRINCIPAL_HEADER);
  if (!header) return next(req);
  const principal = decodeBinaryHeader(header, PrincipalSchema);
  req.contextValues.set(principalKey, principal);
  // Calls this handler makes to other services act for the same caller.
  return runAsPrincipal(principal, () => next(req));
};

/** Client side: forwards the caller of the current scope (or of the call's context values). */
export const principalClientInterceptor: Interceptor = (next) => async (req) => {
  const principal = req.contextValues.get(principalKey) ?? currentPrincipal();
  if (principal) req.header.set(PRINCIPAL_HEADER, encodeBinaryHeader(principal, PrincipalSchema));
  return next(req);
};
