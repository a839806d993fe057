import { ConnectError, type Client } from "@connectrpc/connect";
import { keyedId, OwnedCache, TOPICS } from "@platform/changes";
import { decodePlatformError } from "@platform/errors";
import type { RegistryService } from "@platform/proto";
import type { Agent, KillSwitchStatus } from "@platform/proto/registry";

/** An agent as the pipeline needs it: its settings, and its organization's kill switch. */
export interface GovernedAgent {
  readonly agent: Agent;
  readonly organizationKillSwitch: KillSwitchStatus | undefined;
}

/** What the registry answered for an agent id: the agent, or its AGENT_NOT_FOUND. */
type Lookup = { readonly found: GovernedAgent } | { readonly notFound: ConnectError };

/**
 * The registry's agents as this governance replica keeps them: read on every decision,
 * changed rarely. The registry announces every change of an agent (registration,
 * settings, limits, kill switch, deletion) and of an organization's kill switch; the
 * copy forgets it at once. An unknown agent is kept too, as the registry's refusal: a
 * client that keeps submitting for an agent it never registered would otherwise cost a
 * registry call per submission, and the registration's notice forgets the refusal.
 */
export class AgentDirectory {
  readonly cache = new OwnedCache<Lookup>({ topic: TOPICS.registry, max: 100_000, ttlMs: 300_000 });

  constructor(private readonly registry: Client<typeof RegistryService>) {}

  /** The caller's agent; the registry's AGENT_NOT_FOUND when it has none of that id. */
  async agentOf(organizationId: string, agentId: string): Promise<GovernedAgent> {
    const lookup = await this.cache.get(keyedId(organizationId, agentId), async () => {
      try {
        const { agent, organizationKillSwitch } = await this.registry.getAgent({ agentId });
        if (!agent) throw new Error("the registry answered without the agent");
        return { value: { found: { agent, organizationKillSwitch } }, organizationId };
      } catch (failure) {
        if (!(failure instanceof ConnectError) || decodePlatformError(failure)?.entry.code !== "AGENT_NOT_FOUND")
          throw failure;
        return { value: { notFound: failure }, organizationId };
      }
    });
    if ("found" in lookup) return lookup.found;
    // A copy per refusal: the cached one is never handed to code that might change it.
    const refusal = lookup.notFound;
    const copy = new ConnectError(refusal.rawMessage, refusal.code, refusal.metadata, undefined, refusal.cause);
    copy.details.push(...refusal.details);
    throw copy;
  }
}
