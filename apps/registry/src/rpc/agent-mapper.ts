import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  AgentGovernanceSchema,
  AgentHealthSchema,
  AgentSchema,
  KillSwitchStatusSchema,
  type Agent as AgentMessage,
} from "@platform/proto/registry";
import type { KillSwitchState } from "@platform/kill-switch";
import { isAlive } from "../domain/heartbeat.js";
import type { Agent, StoredGovernance } from "../persistence/agent-entity.js";

/** Stored agent -> contract message. */
export function toGovernanceMessage(g: StoredGovernance) {
  return create(AgentGovernanceSchema, {
    rateLimits: g.rate_limits ? { perMinute: g.rate_limits.per_minute, perHour: g.rate_limits.per_hour } : undefined,
    maxDailyUsd: g.max_daily_usd,
    allowedWindow: g.allowed_window
      ? {
          startTime: g.allowed_window.start_time,
          endTime: g.allowed_window.end_time,
          timezone: g.allowed_window.timezone,
          days: g.allowed_window.days ?? [],
        }
      : undefined,
  });
}

export function toKillSwitchMessage(state: KillSwitchState) {
  return create(KillSwitchStatusSchema, {
    active: state.active,
    reason: state.reason,
    scope: state.scope,
    changedAt: state.changedAt ? timestampFromDate(state.changedAt) : undefined,
  });
}

export function toHealthMessage(agent: Agent, now: Date) {
  return create(AgentHealthSchema, {
    agentId: agent.agentId,
    status: agent.healthStatus,
    sdkVersion: agent.sdkVersion,
    agentStatus: agent.status,
    lastHeartbeatAt: agent.lastHeartbeatAt ? timestampFromDate(agent.lastHeartbeatAt) : undefined,
    alive: isAlive(agent.lastHeartbeatAt, now),
  });
}

export function toAgentMessage(agent: Agent): AgentMessage {
  return create(AgentSchema, {
    agentId: agent.agentId,
    organizationId: agent.organizationId,
    agentType: agent.agentType,
    name: agent.name,
    description: agent.description,
    status: agent.status,
    killReason: agent.killReason,
    governance: toGovernanceMessage(agent.governance),
    metadata: agent.metadata as JsonObject,
    createdAt: timestampFromDate(agent.createdAt),
    updatedAt: timestampFromDate(agent.updatedAt),
  });
}
