import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** Governance settings of one agent (PUT .../governance); absent parts mean no limit of that kind. */
export interface StoredGovernance {
  rate_limits?: { per_minute?: number; per_hour?: number };
  max_daily_usd?: number;
  allowed_window?: { start_time: string; end_time: string; timezone: string; days?: number[] };
}

/** A registered agent; `agentId` is unique within its organization only. */
export const AgentEntity = defineEntity({
  name: "Agent",
  tableName: "agents",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    agentId: p.string(),
    agentType: p.string(),
    name: p.string(),
    description: p.text(),
    status: p.string(),
    killReason: p.text(),
    governance: p.json<StoredGovernance>(),
    metadata: p.json<Record<string, unknown>>(),
    /** Liveness as the agent reports it (POST /api/agents/health/heartbeat). */
    healthStatus: p.string().default("unknown"),
    sdkVersion: p.string().default(""),
    lastHeartbeatAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
  uniques: [{ properties: ["organizationId", "agentId"] }],
});

export type Agent = InferEntity<typeof AgentEntity>;
