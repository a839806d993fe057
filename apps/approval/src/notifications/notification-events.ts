import type { Action } from "../persistence/action-entity.js";

/** The lifecycle events an endpoint can subscribe to (its `events` filter). */
export const NOTIFICATION_EVENTS = ["action.pending", "action.escalated", "action.expired"] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Sent by "send a test notification", whatever the endpoint's filter. */
export const TEST_EVENT = "notification.test";

/** What every notification carries about its action (snake_case, as the public API names it). */
export interface ActionSnapshot {
  readonly id: number;
  readonly action_id: number;
  readonly agent_id: string;
  readonly action_type: string;
  readonly resource: string;
  readonly status: string;
  readonly risk_score: number;
  readonly risk_level: string;
  readonly required_level: number;
  readonly estimated_cost_usd: number;
  readonly reason: string;
  readonly escalations: number;
  readonly approval_deadline: string | null;
  readonly created_at: string;
}

/** The action as the notification tells of it, taken when the notification is queued. */
export function snapshotOf(action: Action): ActionSnapshot {
  return {
    id: action.id,
    action_id: action.id,
    agent_id: action.agentId,
    action_type: action.actionType,
    resource: action.resource,
    status: action.status,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    required_level: action.requiredLevel,
    estimated_cost_usd: Number(action.estimatedCostUsd),
    reason: action.reason,
    escalations: action.escalations,
    approval_deadline: action.approvalDeadline ? action.approvalDeadline.toISOString() : null,
    created_at: action.createdAt.toISOString(),
  };
}

/** A made-up pending action for test notifications, so receivers can exercise their real parsing. */
export function sampleSnapshot(at: Date): ActionSnapshot {
  return {
    id: 0,
    action_id: 0,
    agent_id: "test-agent",
    action_type: "notification_test",
    resource: "",
    status: "pending_approval",
    risk_score: 75,
    risk_level: "high",
    required_level: 2,
    estimated_cost_usd: 0,
    reason: "A test notification sent from the console or the API",
    escalations: 0,
    approval_deadline: null,
    created_at: at.toISOString(),
  };
}

/** Which endpoints want an event: enabled ones whose filter names it. */
export function wants(endpoint: { readonly enabled: boolean; readonly events: readonly string[] }, event: string) {
  return endpoint.enabled && endpoint.events.includes(event);
}
