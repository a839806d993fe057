/** What a kill-switch poll answers: the organization's switch wins over the agent's. */
export interface KillSwitchState {
  readonly active: boolean;
  readonly reason: string;
  readonly scope: "organization" | "agent" | "none";
  readonly changedAt?: Date;
}

export function killSwitchState(
  organization: { active: boolean; reason: string; changedAt: Date } | null,
  agent: { status: string; killReason: string; updatedAt: Date } | null,
): KillSwitchState {
  if (organization?.active) return { active: true, reason: organization.reason, scope: "organization", changedAt: organization.changedAt };
  if (agent?.status === "killed") return { active: true, reason: agent.killReason, scope: "agent", changedAt: agent.updatedAt };
  return { active: false, reason: "", scope: "none" };
}

/** An agent that sent no heartbeat for this long is not alive. */
export const HEARTBEAT_TIMEOUT_MS = 5 * 60 * 1000;
