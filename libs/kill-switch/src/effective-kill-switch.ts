/** Why an agent is stopped when whoever pulled the switch gave no reason. */
export const DEFAULT_ORGANIZATION_KILL_REASON = "Organization kill switch activated";
export const DEFAULT_AGENT_KILL_REASON = "Kill switch activated";

/** The kill switch in force for one agent, as a status poll answers it and as governance refuses with it. */
export interface KillSwitchState {
  readonly active: boolean;
  readonly reason: string;
  /** Whose switch is on: the organization's stops every agent of it, the agent's only that agent. */
  readonly scope: "organization" | "agent" | "none";
  readonly changedAt?: Date;
}

export interface OrganizationSwitch {
  readonly active: boolean;
  readonly reason: string;
  readonly changedAt?: Date;
}

export interface AgentSwitch {
  readonly status: string;
  readonly killReason: string;
  readonly updatedAt?: Date;
}

/**
 * The organization's switch wins over the agent's: while it is on, its reason is the one
 * reported, whatever the agent's own state. Missing rows (never used) count as off.
 */
export function effectiveKillSwitch(
  organization: OrganizationSwitch | null | undefined,
  agent: AgentSwitch | null | undefined,
): KillSwitchState {
  if (organization?.active) {
    return {
      active: true,
      reason: organization.reason || DEFAULT_ORGANIZATION_KILL_REASON,
      scope: "organization",
      changedAt: organization.changedAt,
    };
  }
  if (agent?.status === "killed") {
    return {
      active: true,
      reason: agent.killReason || DEFAULT_AGENT_KILL_REASON,
      scope: "agent",
      changedAt: agent.updatedAt,
    };
  }
  return { active: false, reason: "", scope: "none" };
}
