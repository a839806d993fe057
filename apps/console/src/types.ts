/** Public JSON shapes the console reads (snake_case, as the API answers). */

export interface RiskFactor {
  readonly name: string;
  readonly points: number;
  readonly explanation: string;
}

export interface Action {
  readonly id: number;
  readonly status: string;
  readonly decision: string;
  readonly risk_score: number;
  readonly risk_level: string;
  readonly risk_factors: RiskFactor[];
  readonly reason: string;
  readonly required_level: number;
  readonly agent_id: string;
  readonly action_type: string;
  readonly resource: string;
  readonly estimated_cost_usd?: number;
  readonly parameters: Record<string, unknown>;
  readonly submitted_by: string;
  readonly approved_by: string | null;
  readonly approval_comment: string | null;
  readonly approval_deadline: string | null;
  readonly created_at: string;
}

export interface Me {
  readonly id: string;
  readonly email: string;
  readonly full_name: string;
  readonly role: string;
  readonly approval_level: number;
  readonly organization: { readonly id: string; readonly name: string };
}

export interface Governance {
  rate_limits?: { per_minute?: number; per_hour?: number } | null;
  max_daily_usd?: number | null;
  allowed_window?: { start_time: string; end_time: string; timezone: string; days?: number[] } | null;
}

export interface Agent {
  readonly agent_id: string;
  readonly agent_type: string;
  readonly name: string;
  readonly status: string;
  readonly kill_reason: string;
  readonly governance: Governance | null;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly effect: string;
  readonly required_level: number;
  readonly priority: number;
  readonly enabled: boolean;
  readonly conditions: Record<string, unknown> | null;
}

export interface SmartRule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly expression: string;
  readonly effect: string;
  readonly required_level: number;
  readonly enabled: boolean;
}

/** A policy or smart rule that matched a dry run; a new draft's id is "draft". */
export interface RuleMatch {
  readonly kind: "policy" | "smart_rule";
  readonly id: string;
  readonly name: string;
  readonly effect: string;
  readonly draft: boolean;
}

/** The answer of POST /api/governance/policies/evaluate-realtime (the dry run). */
export interface Evaluation {
  readonly decision: string;
  readonly status: string;
  readonly required_level: number;
  readonly risk_score: number;
  readonly risk_level: string;
  readonly reason: string;
  readonly decided_by: string;
  readonly error_code: string | null;
  readonly policy_violations: { readonly policy_name: string; readonly reason: string }[];
  readonly matched_rules: RuleMatch[];
}

/** GET /api/registry/agents/{id}/budget: the agent's day in its timezone. */
export interface AgentBudget {
  readonly agent_id: string;
  readonly max_daily_usd: number | null;
  readonly spent_today_usd: number;
  readonly remaining_usd: number | null;
  readonly day: string;
  readonly timezone: string;
}

export interface AuditEntry {
  readonly id: string;
  readonly sequence: number;
  readonly event_type: string;
  readonly actor_user_id: string;
  readonly actor_api_key_id: string;
  readonly agent_id: string;
  readonly action_id: string;
  readonly outcome: string;
  readonly data: Record<string, unknown> | null;
  readonly correlation_id: string;
  readonly hash: string;
  readonly created_at: string;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly key_prefix: string;
  readonly role: string;
  readonly expires_at: string | null;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly full_name: string;
  readonly role: string;
  readonly approval_level: number;
}

export const roles = ["user", "manager", "admin", "senior_admin", "security_officer"] as const;
