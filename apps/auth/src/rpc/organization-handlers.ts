import { requirePrincipal, requireRole } from "@platform/rpc";
import { auditEvents } from "./audit-events.js";
import { callerOrganization, type HandlerContext } from "./handler-context.js";
import type { HandlerGroup } from "./impl.js";
import { toOrganizationMessage } from "./mappers.js";

/** Organization limits by default (api-contract section 4). */
export const DEFAULT_REQUESTS_PER_HOUR = 1_000;
export const DEFAULT_REQUESTS_PER_DAY = 10_000;

/** The caller's organization: readable by any member, its limits set by admins. */
export function organizationHandlers(c: HandlerContext): HandlerGroup<"getOrganization" | "updateOrganizationLimits"> {
  return {
    async getOrganization(_req, ctx) {
      const caller = requirePrincipal(ctx);
      return { organization: toOrganizationMessage(await callerOrganization(c.orm.em.fork(), caller)) };
    },

    /** Bounds (1..100,000 per hour, 1..1,000,000 per day) are the proto's, checked before this runs. */
    async updateOrganizationLimits(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = c.orm.em.fork();
      const organization = await callerOrganization(em, caller);
      if (req.requestsPerHour !== undefined) organization.requestsPerHour = req.requestsPerHour;
      if (req.requestsPerDay !== undefined) organization.requestsPerDay = req.requestsPerDay;
      c.audit(em, caller, auditEvents.organizationLimitsUpdated(organization));
      await em.flush();
      return { organization: toOrganizationMessage(organization) };
    },
  };
}
