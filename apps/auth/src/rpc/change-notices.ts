import { announceChanges, TOPICS, type ChangeFeed } from "@platform/changes";
import type { Impl } from "./impl.js";

/** The topic auth announces on: callers it resolved, and organization limits. */
export const AUTH_TOPIC = TOPICS.auth;

/**
 * Announces each change that can alter what Authenticate or GetOrganization answer
 * for callers of the organization (a revoked key, a demoted or deleted user, new
 * limits) to every replica that caches them (the gateways).
 */
export function withChangeNotices(impl: Impl, feed: ChangeFeed): Impl {
  const wholeOrganization = () => "";
  return announceChanges(impl, feed, AUTH_TOPIC, {
    revokeApiKey: wholeOrganization,
    updateUser: wholeOrganization,
    deleteUser: wholeOrganization,
    updateOrganizationLimits: wholeOrganization,
  });
}
