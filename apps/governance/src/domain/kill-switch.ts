import { platformError } from "@platform/errors";

/** First step of the pipeline: an agent whose kill switch is on may do nothing. */
export function assertAgentActive(agent: { agentId: string; status: string; killReason: string }): void {
  if (agent.status !== "killed") return;
  const reason = agent.killReason || "Kill switch activated";
  throw platformError("KILL_SWITCH_ACTIVE", {
    agent_id: agent.agentId,
    reason,
    policy_violations: [{ policy_id: "kill_switch", policy_name: "Agent kill switch", reason }],
  });
}
