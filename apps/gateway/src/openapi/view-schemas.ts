import { RiskFactorSchema } from "@platform/proto/action";
import { ApiKeySchema, OrganizationSchema, UserSchema } from "@platform/proto/auth";
import { AuditEntrySchema } from "@platform/proto/approval";
import { RuleMatchSchema } from "@platform/proto/governance";
import { NotificationEndpointSchema } from "@platform/proto/notifications";
import { messageRef, messageSchema, type JsonSchema, type SchemaComponents } from "./message-schema.js";

/**
 * Answers the gateway shapes itself (apps/gateway/src/views and the route handlers)
 * rather than writing a contract message as it is. Each is checked against real answers
 * in openapi.e2e.test.ts, so a view that changes without its schema fails there.
 */
export type ViewName =
  | "Action"
  | "Health"
  | "Ready"
  | "Signup"
  | "Login"
  | "Tokens"
  | "Me"
  | "MfaSetup"
  | "MfaVerify"
  | "CreatedApiKey"
  | "KillSwitch"
  | "ApprovalSettings"
  | "Evaluation"
  | "AgentBudget"
  | "AuditEntry"
  | "AuditVerification"
  | "DeploymentInfo"
  | "FailReport"
  | "CreatedNotificationEndpoint"
  | "NotificationDelivery";

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const num = { type: "number" } as const;
const bool = { type: "boolean" } as const;
const dateTime = { type: ["string", "null"], format: "date-time" } as const;
const nullable = (type: string) => ({ type: [type, "null"] });
const obj = (
  properties: Record<string, unknown>,
  required: readonly string[] = Object.keys(properties),
): JsonSchema => ({ type: "object", properties, required: [...required] });

/**
 * api-contract section 8 makes action ids JSON numbers below 2^53; the decimal string of the
 * same number is accepted too, since the ids are being moved from strings to numbers.
 */
const actionId = {
  anyOf: [
    { type: "integer", minimum: 1, maximum: 9007199254740991 },
    { type: "string", pattern: "^[1-9][0-9]{0,15}$" },
  ],
  description: "A positive integer below 2^53 (api-contract section 8); paths take its decimal form.",
};

export const actionStatuses = ["auto_approved", "pending_approval", "approved", "denied", "completed", "failed"];

/** Every named view, defined in `components` on first call. */
export function viewSchemas(components: SchemaComponents): Record<ViewName, JsonSchema> {
  const tokens = {
    access_token: str,
    refresh_token: str,
    token_type: { type: "string", const: "bearer" },
    expires_in: int,
  };
  const apiKey = messageSchema(ApiKeySchema, components);
  return {
    Action: obj({
      id: actionId,
      action_id: { ...actionId, description: "The same as id." },
      status: { type: "string", enum: actionStatuses },
      decision: { type: "string", enum: ["approved", "pending", "denied"] },
      risk_score: { type: "integer", minimum: 0, maximum: 100 },
      risk_level: { type: "string", enum: ["low", "medium", "high", "critical"] },
      risk_factors: { type: "array", items: messageRef(RiskFactorSchema, components) },
      reason: str,
      requires_approval: bool,
      required_level: { type: "integer", minimum: 0, maximum: 5 },
      agent_id: str,
      action_type: str,
      resource: str,
      estimated_cost_usd: num,
      parameters: { type: "object", additionalProperties: true },
      submitted_by: str,
      approved_by: nullable("string"),
      approver_level: nullable("integer"),
      approval_comment: nullable("string"),
      decided_at: dateTime,
      approval_deadline: dateTime,
      escalations: int,
      created_at: dateTime,
      updated_at: dateTime,
      correlation_id: str,
    }),
    Health: obj({ status: { type: "string", const: "ok" } }),
    Ready: obj({
      status: { type: "string", const: "ready" },
      services: { type: "object", additionalProperties: { type: "string", enum: ["ok", "unavailable"] } },
    }),
    Signup: obj({
      organization: messageRef(OrganizationSchema, components),
      user: messageRef(UserSchema, components),
      ...tokens,
    }),
    Login: obj({ user: messageRef(UserSchema, components), ...tokens }),
    Tokens: obj(tokens),
    Me: {
      allOf: [messageRef(UserSchema, components), obj({ organization: messageRef(OrganizationSchema, components) })],
    },
    MfaSetup: obj({ secret: str, otpauth_url: str }),
    MfaVerify: obj({ mfa_enabled: bool }),
    CreatedApiKey: {
      ...apiKey,
      properties: {
        ...(apiKey["properties"] as object),
        key: {
          type: "string",
          pattern: "^owkai_[a-z_]+_[A-Za-z0-9]{40}$",
          description: "The plain key: shown here once and never again.",
        },
      },
      required: ["id", "name", "key", "key_prefix", "role"],
    },
    KillSwitch: obj({ active: bool, is_active: bool, reason: nullable("string"), scope: str, changed_at: dateTime }),
    ApprovalSettings: obj({ approval_deadline_seconds: int }),
    Evaluation: obj({
      decision: { type: "string", enum: ["approved", "pending", "denied"] },
      status: { type: "string", enum: ["auto_approved", "pending_approval", "denied"] },
      allowed: bool,
      requires_approval: bool,
      required_level: int,
      risk_score: int,
      risk_level: str,
      risk_factors: { type: "array", items: messageRef(RiskFactorSchema, components) },
      reason: str,
      decided_by: str,
      error_code: nullable("string"),
      policy_violations: { type: "array", items: obj({ policy_id: str, policy_name: str, reason: str }) },
      matched_rules: {
        type: "array",
        items: messageRef(RuleMatchSchema, components),
        description: "The deciding policy and every matching smart rule (a draft among them is marked draft: true).",
      },
      evaluated_at: { type: "string", format: "date-time" },
    }),
    AgentBudget: obj({
      agent_id: str,
      max_daily_usd: { ...nullable("number"), description: "null: the agent has no daily budget." },
      spent_today_usd: { ...num, description: "Spent in the agent's current day, with what pending actions hold." },
      remaining_usd: { ...nullable("number"), description: "null without a budget; never below 0." },
      day: { type: "string", format: "date", description: "The agent's current day in `timezone`." },
      timezone: { ...str, description: "The agent's allowed window's timezone, else UTC." },
      resets_in_seconds: { ...int, minimum: 1 },
    }),
    AuditEntry: (() => {
      const entry = messageSchema(AuditEntrySchema, components);
      return {
        ...entry,
        properties: { ...(entry["properties"] as object), sequence: { type: "integer", minimum: 1 } },
      };
    })(),
    AuditVerification: obj({
      valid: bool,
      entries_checked: int,
      first_broken_entry_id: nullable("string"),
      first_broken_sequence: nullable("integer"),
      problem: nullable("string"),
    }),
    DeploymentInfo: obj({ version: str, environment: str }),
    FailReport: obj({ error: obj({ code: str, message: str }, []) }, []),
    CreatedNotificationEndpoint: (() => {
      const endpoint = messageSchema(NotificationEndpointSchema, components);
      return {
        ...endpoint,
        properties: {
          ...(endpoint["properties"] as object),
          secret: {
            type: ["string", "null"],
            pattern: "^whsec_[A-Za-z0-9+/=]+$",
            description:
              "The Standard Webhooks signing secret: shown here (and on rotation) once and never again; null for email endpoints.",
          },
        },
        required: ["id", "kind", "events", "enabled", "secret"],
      };
    })(),
    NotificationDelivery: obj({
      id: str,
      endpoint_id: str,
      event: { type: "string", enum: ["action.pending", "action.escalated", "action.expired", "notification.test"] },
      action_id: { ...nullable("integer"), description: "The action told of; null for a test notification." },
      status: { type: "string", enum: ["pending", "delivered", "failed"] },
      attempts: int,
      last_status_code: { ...int, description: "The receiver's last HTTP status; 0 when there was none." },
      last_error: str,
      next_attempt_at: { ...dateTime, description: "When a pending delivery is tried next." },
      delivered_at: dateTime,
      created_at: { type: "string", format: "date-time" },
    }),
  };
}
