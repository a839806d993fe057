import { announceChanges, TOPICS, type ChangeFeed } from "@platform/changes";
import type { ServiceImpl } from "@connectrpc/connect";
import type { RegistryService } from "@platform/proto";

/**
 * Announces each change of an agent (its settings, governance, kill switch) or of the
 * organization's kill switch to every replica that caches agents (governance).
 */
export function withChangeNotices<Impl extends ServiceImpl<typeof RegistryService>>(
  impl: Impl,
  feed: ChangeFeed,
): Impl {
  const agent = (req: { agentId: string }) => req.agentId;
  return announceChanges(impl, feed, TOPICS.registry, {
    registerAgent: agent,
    updateAgent: agent,
    deleteAgent: agent,
    killAgent: agent,
    reactivateAgent: agent,
    setAgentGovernance: agent,
    setOrganizationKillSwitch: () => "",
  });
}
