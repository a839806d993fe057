import type { EntityManager } from "@mikro-orm/core";
import { enqueueAuditEntry, type AuditEntryDraft } from "@platform/outbox/audit";
import type { OutboxRelay } from "@platform/outbox";
import type { Principal } from "@platform/proto/principal";
import type { ApiKey, Organization, User } from "../persistence/entities.js";
import type { Impl } from "./impl.js";

/**
 * Which auth changes go into the organization's audit trail (key and role changes,
 * issue 6), and what each entry says. Secrets never do: a key is named by id and prefix.
 * (A field a response lacks is recorded as null.)
 */
export const auditEvents = {
  apiKeyCreated: (key: ApiKey): AuditEntryDraft => ({
    eventType: "api_key.created",
    outcome: "created",
    data: { key_id: key.id, name: key.name, role: key.role, key_prefix: key.keyPrefix },
  }),
  apiKeyRevoked: (keyId: string): AuditEntryDraft => ({
    eventType: "api_key.revoked",
    outcome: "revoked",
    data: { key_id: keyId },
  }),
  userCreated: (user: User): AuditEntryDraft => ({
    eventType: "user.created",
    outcome: "created",
    data: { user_id: user.id, role: user.role },
  }),
  userUpdated: (user: User, roleGiven: boolean): AuditEntryDraft => ({
    eventType: roleGiven ? "user.role_changed" : "user.updated",
    outcome: "updated",
    data: { user_id: user.id, role: user.role },
  }),
  userDeleted: (userId: string): AuditEntryDraft => ({
    eventType: "user.deleted",
    outcome: "deleted",
    data: { user_id: userId },
  }),
  organizationLimitsUpdated: (organization: Organization): AuditEntryDraft => ({
    eventType: "organization.limits_updated",
    outcome: "updated",
    data: { requests_per_hour: organization.requestsPerHour, requests_per_day: organization.requestsPerDay },
  }),
  mfaEnabled: (): AuditEntryDraft => ({ eventType: "user.mfa_enabled", outcome: "enabled", data: {} }),
};

/**
 * Records an audit entry with the change: into auth's outbox, in the unit of work of
 * the change (`em`), so the entry exists exactly when the change committed, and the
 * outbox relay appends it on approval (at least once, in order per organization,
 * applied once there), also when approval is down at the time of the change.
 */
export type AuditRecorder = (
  em: EntityManager,
  caller: Principal & { organizationId: string },
  entry: AuditEntryDraft,
) => void;

export const recordInOutbox: AuditRecorder = (em, caller, entry) => void enqueueAuditEntry(em, caller, entry);

/** The handlers whose changes are audited. */
const audited = [
  "createApiKey",
  "revokeApiKey",
  "createUser",
  "updateUser",
  "deleteUser",
  "updateOrganizationLimits",
  "verifyMfa",
] as const;

/** How long a change waits for its audit entry to reach approval before answering anyway. */
const PROMPT_DELIVERY_MS = 2000;

/**
 * Delivers the audit entries of a change right after it committed, so the trail shows
 * them when the client reads it next. Bounded: when approval is down the change is
 * answered anyway and the relay delivers the entry once approval is back.
 */
export function withPromptAuditDelivery(impl: Impl, relay: OutboxRelay | undefined): Impl {
  if (!relay) return impl;
  const wrapped: Record<string, unknown> = { ...impl };
  for (const method of audited) {
    const handler = (impl as Record<string, ((req: unknown, ctx: unknown) => Promise<unknown>) | undefined>)[method];
    if (!handler) continue;
    wrapped[method] = async (req: unknown, ctx: unknown) => {
      const res = await handler(req, ctx);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        relay.deliverNow().catch(() => 0),
        new Promise((resolve) => {
          timer = setTimeout(resolve, PROMPT_DELIVERY_MS);
        }),
      ]);
      clearTimeout(timer);
      return res;
    };
  }
  // Only existing handlers were replaced, each by a wrapper of the same signature.
  return wrapped as Impl;
}
