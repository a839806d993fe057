import { timestampDate } from "@bufbuild/protobuf/wkt";
import { listenToOwner, OwnedCache, TOPICS, type ChangeFeed } from "@platform/changes";
import type { AuthenticateRequest } from "@platform/proto/auth";
import type { Principal } from "@platform/proto/principal";
import { runAsPrincipal } from "@platform/rpc";
import type { OrganizationLimits } from "./http/org-rate-limit.js";
import type { ServiceClients } from "./service-clients.js";

export type Credential = Extract<AuthenticateRequest["credential"], { value: string }>;

/**
 * What the gateway keeps of auth's answers: the caller each credential resolves to
 * and each organization's request limits. Both are read on every request and change
 * rarely; auth announces every change that affects them (a revoked key, a demoted or
 * deleted user, new limits), and a credential is never kept past its own expiry.
 */
export class AuthCaches {
  private readonly callers = new OwnedCache<Principal>({ topic: TOPICS.auth, max: 50_000, ttlMs: 60_000 });
  private readonly limits = new OwnedCache<OrganizationLimits>({ topic: TOPICS.auth, max: 20_000, ttlMs: 60_000 });
  private readonly stopListening: () => void;

  constructor(
    private readonly services: ServiceClients,
    source: { readonly feed?: ChangeFeed; readonly ownerUrl: string },
  ) {
    const unsubscribe = [listenToOwner(this.callers, source), listenToOwner(this.limits, source)];
    this.stopListening = () => unsubscribe.forEach((stop) => stop());
  }

  /** The caller a credential names; auth's refusal (401) when it names none. */
  caller(credential: Credential): Promise<Principal> {
    return this.callers.get(`${credential.case}:${credential.value}`, async () => {
      const { principal, expiresAt } = await this.services.auth.authenticate({ credential });
      const ttlMs = expiresAt ? timestampDate(expiresAt).getTime() - Date.now() : undefined;
      if (!principal) throw new Error("The auth service authenticated a caller without a principal");
      return { value: principal, organizationId: principal.organizationId, ttlMs };
    });
  }

  /** The organization's request limits (api-contract section 4), as its caller may read them. */
  organizationLimits(principal: Principal): Promise<OrganizationLimits> {
    return this.limits.get(principal.organizationId, async () => {
      const { organization } = await runAsPrincipal(principal, () => this.services.auth.getOrganization({}));
      if (!organization) throw new Error("The auth service answered without the organization");
      return {
        value: { requestsPerHour: organization.requestsPerHour, requestsPerDay: organization.requestsPerDay },
        organizationId: principal.organizationId,
      };
    });
  }

  close(): void {
    this.stopListening();
  }
}
