import { apiKeyHandlers } from "./api-key-handlers.js";
import { handlerContext, type AuthDeps } from "./handler-context.js";
import type { Impl } from "./impl.js";
import { organizationHandlers } from "./organization-handlers.js";
import { sessionHandlers } from "./session-handlers.js";
import { userHandlers } from "./user-handlers.js";

export type { AuthDeps } from "./handler-context.js";
export { DEFAULT_REQUESTS_PER_DAY, DEFAULT_REQUESTS_PER_HOUR } from "./organization-handlers.js";

/** Connect handlers of auth: contract <-> application only, one group per area. */
export function authService(deps: AuthDeps): Impl {
  const context = handlerContext(deps);
  return {
    ...sessionHandlers(context),
    ...userHandlers(context),
    ...apiKeyHandlers(context),
    ...organizationHandlers(context),
  };
}
