export {
  DEFAULT_AGENT_KILL_REASON,
  DEFAULT_ORGANIZATION_KILL_REASON,
  effectiveKillSwitch,
  type AgentSwitch,
  type KillSwitchState,
  type OrganizationSwitch,
} from "./effective-kill-switch.js";
