import { platformError } from "@platform/errors";

/**
 * First step of the pipeline: nothing runs while the organization's kill switch is
 * on, nor while the agent's own is.
 */
export function assertAgentActive(agent: { agentId: string; status: string; killReason: string }, organization?: { active: boolean; reason: string }): void {
  if (organization?.active) {
    const reason = organization.reason || "Organization kill switch activated";
    throw platformError("KILL_SWITCH_ACTIVE", {
      agent_id: agent.agentId, reason,
      policy_violations: [{ policy_id: "organization_kill_switch", policy_name: "Organization kill switch", reason }],
    });
  }
  if (agent.status !== "killed") return;
  const reason = agent.killReason || "Kill switch activated";
  throw platformError("KILL_SWITCH_ACTIVE", {
    agent_id: agent.agentId,
    reason,
    policy_violations: [{ policy_id: "kill_switch", policy_name: "Agent kill switch", reason }],
  });
}
