import { LRUCache } from "lru-cache";
import type { ServiceClients } from "../service-clients.js";
import type { OrganizationLimits } from "./org-rate-limit.js";

/**
 * Organization limits change rarely and are read on every request: each gateway keeps
 * them for a few seconds, so an admin's change takes effect everywhere within that time.
 * Bounded (`lru-cache`): at most `max` organizations, the least recently seen dropped
 * first, instead of forgetting every organization at once.
 */
export class OrganizationLimitsCache {
  private readonly entries: LRUCache<string, OrganizationLimits>;

  constructor(private readonly services: ServiceClients, ttlMs = 5_000, now: () => number = Date.now, max = 10_000) {
    this.entries = new LRUCache<string, OrganizationLimits>({ max, ttl: ttlMs, perf: { now }, ttlResolution: 0 });
  }

  async get(organizationId: string): Promise<OrganizationLimits> {
    const hit = this.entries.get(organizationId);
    if (hit) return hit;
    const { organization } = await this.services.auth.getOrganization({});
    const limits = { requestsPerHour: organization!.requestsPerHour, requestsPerDay: organization!.requestsPerDay };
    this.entries.set(organizationId, limits);
    return limits;
  }

  /** Forgets an organization's limits (this gateway just changed them). */
  forget(organizationId: string): void {
    this.entries.delete(organizationId);
  }

  /** Organizations held now; never more than `max`. */
  get size(): number {
    return this.entries.size;
  }
}
