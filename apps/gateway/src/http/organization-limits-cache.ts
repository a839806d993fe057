import type { ServiceClients } from "../service-clients.js";
import type { OrganizationLimits } from "./org-rate-limit.js";

/**
 * Organization limits change rarely and are read on every request: each gateway keeps
 * them for a few seconds, so an admin's change takes effect everywhere within that time.
 */
export class OrganizationLimitsCache {
  private readonly entries = new Map<string, { limits: OrganizationLimits; until: number }>();

  constructor(private readonly services: ServiceClients, private readonly ttlMs = 5_000, private readonly now: () => number = Date.now) {}

  async get(organizationId: string): Promise<OrganizationLimits> {
    const hit = this.entries.get(organizationId);
    if (hit && hit.until > this.now()) return hit.limits;
    const { organization } = await this.services.auth.getOrganization({});
    if (!organization) throw new Error("The auth service answered without the organization");
    const limits = { requestsPerHour: organization.requestsPerHour, requestsPerDay: organization.requestsPerDay };
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(organizationId, { limits, until: this.now() + this.ttlMs });
    return limits;
  }

  /** Forgets an organization's limits (this gateway just changed them). */
  forget(organizationId: string): void {
    this.entries.delete(organizationId);
  }
}
