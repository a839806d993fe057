import {
  AgentHealthSchema,
  GetKillSwitchStatusRequestSchema,
  KillSwitchStatusSchema,
  RecordHeartbeatRequestSchema,
  SetOrganizationKillSwitchRequestSchema,
  type KillSwitchStatus,
} from "@platform/proto/registry";
import { ExecuteActionRequestSchema, FailActionRequestSchema } from "@platform/proto/approval";
import { EvaluateActionRequestSchema, RuleMatchSchema } from "@platform/proto/governance";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { actionView, decisionOf } from "../views/action-view.js";
import { jsonView } from "../views/json-view.js";
import { listActions, submitAction } from "./action-routes.js";
import { ok, type Route } from "./route.js";

const version = process.env["PLATFORM_VERSION"] ?? "0.1.0";
const environment = process.env["PLATFORM_ENVIRONMENT"] ?? process.env["NODE_ENV"] ?? "development";

/** A misspelt condition of a draft policy would match every action: refused, naming it, as when saving it. */
const strictDraftConditions = { strict: ["draft_policy.conditions"] };

/** Fields the vendor SDKs send with an action that the contract keeps as parameters (api-contract section 8). */
const sdkActionExtras = [
  "agent_name",
  "resource_id",
  "action_details",
  "context",
  "risk_indicators",
  "description",
  "tool_name",
] as const;

const killSwitchView = (status: KillSwitchStatus | undefined) => ({
  active: status?.active ?? false,
  is_active: status?.active ?? false,
  reason: status?.reason || null,
  scope: status?.scope ?? "none",
  changed_at: status?.changedAt ? jsonView(KillSwitchStatusSchema, status)["changed_at"] : null,
});

/** The routes the vendor's official SDKs call, beside section 7, on the same RPCs (api-contract section 8). */
export const sdkRoutes: Route[] = [
  {
    method: "POST",
    path: "/actions/submit",
    access: "authenticated",
    handle(input) {
      const body = (input.body ?? {}) as Record<string, unknown>;
      const extras = Object.fromEntries(sdkActionExtras.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
      const parameters = {
        ...(typeof body["parameters"] === "object" && body["parameters"] ? body["parameters"] : {}),
        ...extras,
      };
      return submitAction({ ...input, body: { ...body, parameters } });
    },
  },
  {
    method: "GET",
    path: "/actions/:id/status",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(actionView((await services.approval.getAction({ id: params["id"] })).action));
    },
  },
  { method: "GET", path: "/agent-activity", access: "authenticated", handle: listActions },
  {
    method: "POST",
    path: "/agent-action/:id/complete",
    access: "authenticated",
    async handle({ params, body, services }) {
      const { comment } = messageFromJson(ExecuteActionRequestSchema, { ...(body as object), id: params["id"] });
      return ok(actionView((await services.approval.executeAction({ id: params["id"], comment })).action));
    },
  },
  {
    method: "POST",
    path: "/agent-action/:id/fail",
    access: "authenticated",
    async handle({ params, body, services }) {
      const error = ((body as { error?: unknown } | undefined)?.error ?? {}) as Record<string, unknown>;
      const req = messageFromJson(FailActionRequestSchema, {
        id: params["id"],
        error_code: error["code"] ?? "",
        error_message: error["message"] ?? "",
      });
      return ok(actionView((await services.approval.failAction(req)).action));
    },
  },
  {
    method: "POST",
    path: "/agents/health/heartbeat",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.registry.recordHeartbeat(messageFromJson(RecordHeartbeatRequestSchema, body));
      return ok(jsonView(AgentHealthSchema, res.health));
    },
  },
  {
    method: "GET",
    path: "/agents/health/:agent_id",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(
        jsonView(AgentHealthSchema, (await services.registry.getAgentHealth({ agentId: params["agent_id"] })).health),
      );
    },
  },
  {
    method: "GET",
    path: "/sdk/kill-switch/status",
    access: "authenticated",
    async handle({ query, services }) {
      const req = messageFromJson(
        GetKillSwitchStatusRequestSchema,
        queryToJson(GetKillSwitchStatusRequestSchema, query),
        "query",
      );
      return ok(killSwitchView((await services.registry.getKillSwitchStatus(req)).status));
    },
  },
  {
    method: "POST",
    path: "/organization/kill-switch",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.registry.setOrganizationKillSwitch(
        messageFromJson(SetOrganizationKillSwitchRequestSchema, body),
      );
      return ok(killSwitchView(res.status));
    },
  },
  {
    method: "POST",
    path: "/governance/policies/evaluate-realtime",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.governance.evaluateAction(
        messageFromJson(EvaluateActionRequestSchema, body, "body", strictDraftConditions),
      );
      return ok({
        decision: decisionOf(res.status),
        status: res.status,
        allowed: res.status === "auto_approved",
        requires_approval: res.status === "pending_approval",
        required_level: res.requiredLevel,
        risk_score: res.riskScore,
        risk_level: res.riskLevel,
        risk_factors: res.riskFactors.map((f) => ({ name: f.name, points: f.points, explanation: f.explanation })),
        reason: res.reason,
        decided_by: res.decidedBy,
        error_code: res.refusalCode || null,
        policy_violations: res.policyViolations.map((v) => ({
          policy_id: v.policyId,
          policy_name: v.policyName,
          reason: v.reason,
        })),
        matched_rules: res.matchedRules.map((m) => jsonView(RuleMatchSchema, m)),
        evaluated_at: new Date().toISOString(),
      });
    },
  },
  {
    method: "GET",
    path: "/deployment-info",
    access: "public",
    async handle() {
      return ok({ version, environment });
    },
  },
];
