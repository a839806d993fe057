import { TOPICS, type ChangeFeed } from "@platform/changes";
import type { HandlerContext } from "@connectrpc/connect";
import { principalKey } from "@platform/rpc";
import type { Impl } from "./impl.js";

/** The topic auth announces on: callers it resolved, and organization limits. */
export const AUTH_TOPIC = TOPICS.auth;

/**
 * The handlers whose success can change what Authenticate or GetOrganization answer
 * for callers of the organization (a revoked key, a demoted or deleted user, new limits).
 */
const changesCallers = ["revokeApiKey", "updateUser", "deleteUser", "updateOrganizationLimits"] as const;

/**
 * Announces each such change to every replica that caches auth's answers (the
 * gateways), after it committed and before it is answered: a change is in effect
 * everywhere as soon as the admin who made it hears back.
 */
export function withChangeNotices(impl: Impl, feed: ChangeFeed): Impl {
  const wrapped: Record<string, unknown> = { ...impl };
  for (const method of changesCallers) {
    const handler = impl[method] as ((req: unknown, ctx: HandlerContext) => Promise<unknown>) | undefined;
    if (!handler) continue;
    wrapped[method] = async (req: unknown, ctx: HandlerContext) => {
      const res = await handler(req, ctx);
      // No caller organization would be a bug upstream; then every organization forgets.
      await feed.publish({ topic: AUTH_TOPIC, organizationId: ctx.values.get(principalKey)?.organizationId ?? "", key: "" });
      return res;
    };
  }
  return wrapped as Impl;
}
