import type { Client } from "@connectrpc/connect";
import { keyedId, OwnedCache, TOPICS } from "@platform/changes";
import type { RegistryService } from "@platform/proto";
import type { Agent, KillSwitchStatus } from "@platform/proto/registry";

/** An agent as the pipeline needs it: its settings, and its organization's kill switch. */
export interface GovernedAgent {
  readonly agent: Agent;
  readonly organizationKillSwitch: KillSwitchStatus | undefined;
}

/**
 * The registry's agents as this governance replica keeps them: read on every decision,
 * changed rarely. The registry announces every change of an agent (settings, limits,
 * kill switch) and of an organization's kill switch; the copy forgets it at once.
 * An unknown agent is not kept: the registry's 404 is answered every time.
 */
export class AgentDirectory {
  readonly cache = new OwnedCache<GovernedAgent>({ topic: TOPICS.registry, max: 100_000, ttlMs: 300_000 });

  constructor(private readonly registry: Client<typeof RegistryService>) {}

  /** The caller's agent; the registry's AGENT_NOT_FOUND when it has none of that id. */
  agentOf(organizationId: string, agentId: string): Promise<GovernedAgent> {
    return this.cache.get(keyedId(organizationId, agentId), async () => {
      const { agent, organizationKillSwitch } = await this.registry.getAgent({ agentId });
      if (!agent) throw new Error("the registry answered without the agent");
      return { value: { agent, organizationKillSwitch }, organizationId };
    });
  }
}
