import { platformError } from "@platform/errors";
import { effectiveKillSwitch } from "@platform/kill-switch";

const policyOf = {
  organization: { policy_id: "organization_kill_switch", policy_name: "Organization kill switch" },
  agent: { policy_id: "kill_switch", policy_name: "Agent kill switch" },
} as const;

/**
 * First step of the pipeline: nothing runs while the organization's kill switch is
 * on, nor while the agent's own is (which one wins is `effectiveKillSwitch`'s rule,
 * shared with the registry's status poll).
 */
export function assertAgentActive(
  agent: { agentId: string; status: string; killReason: string },
  organization?: { active: boolean; reason: string },
): void {
  const state = effectiveKillSwitch(
    organization && { active: organization.active, reason: organization.reason },
    agent,
  );
  if (state.scope === "none") return;
  throw platformError("KILL_SWITCH_ACTIVE", {
    agent_id: agent.agentId,
    reason: state.reason,
    policy_violations: [{ ...policyOf[state.scope], reason: state.reason }],
  });
}
