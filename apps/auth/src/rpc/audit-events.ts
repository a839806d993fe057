import type { JsonObject, MessageShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { ApprovalService, AuthService } from "@platform/proto";
import { createLogger } from "@platform/telemetry";
import type { Impl } from "./impl.js";

type AuditEvent = { eventType: string; outcome: string; data: JsonObject };
type Methods = typeof AuthService.method;
type Describe<M extends keyof Methods> = (req: MessageShape<Methods[M]["input"]>, res: MessageShape<Methods[M]["output"]>) => AuditEvent;

/**
 * Which auth changes go into the organization's audit trail (key and role changes,
 * issue 6), and what each entry says. Secrets never do: a key is named by id and prefix.
 * (A field a response lacks is recorded as null.)
 */
const audited: { [M in keyof Methods]?: Describe<M> } = {
  createApiKey: (_req, res) => ({ eventType: "api_key.created", outcome: "created", data: { key_id: res.apiKey?.id ?? null, name: res.apiKey?.name ?? null, role: res.apiKey?.role ?? null, key_prefix: res.apiKey?.keyPrefix ?? null } }),
  revokeApiKey: (req) => ({ eventType: "api_key.revoked", outcome: "revoked", data: { key_id: req.id } }),
  createUser: (_req, res) => ({ eventType: "user.created", outcome: "created", data: { user_id: res.user?.id ?? null, role: res.user?.role ?? null } }),
  updateUser: (req, res) => ({ eventType: req.role !== undefined ? "user.role_changed" : "user.updated", outcome: "updated", data: { user_id: res.user?.id ?? null, role: res.user?.role ?? null } }),
  deleteUser: (req) => ({ eventType: "user.deleted", outcome: "deleted", data: { user_id: req.id } }),
  updateOrganizationLimits: (_req, res) => ({ eventType: "organization.limits_updated", outcome: "updated", data: { requests_per_hour: res.organization?.requestsPerHour ?? null, requests_per_day: res.organization?.requestsPerDay ?? null } }),
  verifyMfa: () => ({ eventType: "user.mfa_enabled", outcome: "enabled", data: {} }),
};

/**
 * Wraps the handlers that change keys, users and limits so that each successful change
 * is appended to the audit trail (on the approval service, as the caller). The change
 * is already committed then: an audit failure is logged with the trace id, not turned
 * into an error the client would retry.
 */
export function withAuditTrail(impl: Impl, approval: Client<typeof ApprovalService> | undefined): Impl {
  if (!approval) return impl;
  const logger = createLogger("auth");
  const wrapped: Record<string, unknown> = { ...impl };
  // Each describer takes its own method's request and response; the loop pairs them by name.
  for (const [method, describe] of Object.entries(audited) as [string, (req: unknown, res: unknown) => AuditEvent][]) {
    const handler = (impl as Record<string, ((req: unknown, ctx: unknown) => Promise<unknown>) | undefined>)[method];
    if (!handler) continue;
    wrapped[method] = async (req: unknown, ctx: unknown) => {
      const res = await handler(req, ctx);
      try {
        await approval.appendAuditEntry(describe(req, res));
      } catch (failure) {
        logger.error({ err: failure, method }, "audit entry could not be appended");
      }
      return res;
    };
  }
  return wrapped;
}
