import type { DescMessage } from "@bufbuild/protobuf";
import {
  ApiKeySchema,
  CreateApiKeyRequestSchema,
  CreateUserRequestSchema,
  ListUsersRequestSchema,
  LoginRequestSchema,
  OrganizationSchema,
  RefreshRequestSchema,
  SignupRequestSchema,
  UpdateOrganizationLimitsRequestSchema,
  UpdateUserRequestSchema,
  UserSchema,
  VerifyMfaRequestSchema,
} from "@platform/proto/auth";
import {
  AgentGovernanceSchema,
  AgentHealthSchema,
  AgentSchema,
  GetKillSwitchStatusRequestSchema,
  KillAgentRequestSchema,
  ListAgentsRequestSchema,
  McpServerSchema,
  RecordHeartbeatRequestSchema,
  RegisterAgentRequestSchema,
  RegisterMcpServerRequestSchema,
  SetAgentGovernanceRequestSchema,
  SetOrganizationKillSwitchRequestSchema,
  UpdateAgentRequestSchema,
} from "@platform/proto/registry";
import {
  CreatePolicyRequestSchema,
  CreateSmartRuleRequestSchema,
  EvaluateActionRequestSchema,
  PolicySchema,
  SmartRuleSchema,
  SubmitActionRequestSchema,
} from "@platform/proto/governance";
import {
  ApproveActionRequestSchema,
  ExecuteActionRequestSchema,
  FailActionRequestSchema,
  ListActionsRequestSchema,
  ListAuditEntriesRequestSchema,
  ListPendingApprovalsRequestSchema,
  UpdateApprovalSettingsRequestSchema,
} from "@platform/proto/approval";
import {
  CreateNotificationEndpointRequestSchema,
  ListNotificationDeliveriesRequestSchema,
  NotificationEndpointSchema,
  UpdateNotificationEndpointRequestSchema,
} from "@platform/proto/notifications";
import type { ViewName } from "./view-schemas.js";

/** What a route answers on success: a contract message, a list of them, a named view, or nothing (204). */
export type ResponseContract =
  | { readonly status: 200 | 201; readonly message: DescMessage }
  | { readonly status: 200; readonly list: DescMessage | ViewName }
  | { readonly status: 200 | 201; readonly view: ViewName }
  | { readonly status: 204 };

/**
 * The documentation half of a route: the contract message its handler decodes the
 * request with (body or query) and what it answers. Paths, methods, path parameters,
 * authentication and the two families come from the route table itself; this table
 * only names messages, and `route-contracts.test.ts` checks each name against what
 * the handler really decodes and that every route has exactly one entry.
 */
export interface RouteContract {
  readonly summary: string;
  /** Longer documentation of the operation, where the summary is not enough. */
  readonly description?: string;
  readonly tag: string;
  /** The JSON body; fields the path supplies are left out. With the route's `bodyField`, the message of that field. */
  readonly body?: DescMessage;
  /** Where the handler reshapes the body before decoding it: the body as clients send it. */
  readonly bodyView?: ViewName;
  /** Query parameters: the scalar fields of this message. */
  readonly query?: DescMessage;
  readonly response: ResponseContract;
  /** The route may answer 202 APPROVAL_REQUIRED with the pending action. */
  readonly mayRequireApproval?: boolean;
  /** Login: also sets the session and csrf_token cookies. */
  readonly setsSessionCookies?: boolean;
}

const ok = (message: DescMessage, status: 200 | 201 = 200) => ({ status, message }) as const;
const list = (of: DescMessage | ViewName) => ({ status: 200, list: of }) as const;
const view = (name: ViewName, status: 200 | 201 = 200) => ({ status, view: name }) as const;
const none = { status: 204 } as const;

/** Keyed by `METHOD path` exactly as the route table writes them. */
export const routeContracts: Readonly<Record<string, RouteContract>> = {
  // --- health ---------------------------------------------------------------------------
  "GET /health": { tag: "health", summary: "Liveness of the gateway", response: view("Health") },
  "GET /ready": { tag: "health", summary: "Readiness: every service answers", response: view("Ready") },
  // --- sessions -------------------------------------------------------------------------
  "POST /auth/signup": {
    tag: "auth",
    summary: "Create an organization and its admin",
    body: SignupRequestSchema,
    response: view("Signup", 201),
  },
  "POST /auth/login": {
    tag: "auth",
    summary: "Sign in; also starts a browser session (cookies)",
    body: LoginRequestSchema,
    response: view("Login"),
    setsSessionCookies: true,
  },
  "POST /auth/token": {
    tag: "auth",
    summary: "Sign in (vendor SDK alias of /auth/login)",
    body: LoginRequestSchema,
    response: view("Login"),
    setsSessionCookies: true,
  },
  "POST /auth/refresh": {
    tag: "auth",
    summary: "Exchange a refresh token for a new pair",
    body: RefreshRequestSchema,
    response: view("Tokens"),
  },
  "POST /auth/logout": { tag: "auth", summary: "End the session", response: none },
  "GET /auth/me": { tag: "auth", summary: "The caller and their organization", response: view("Me") },
  "POST /auth/mfa/setup": { tag: "auth", summary: "Start TOTP enrolment", response: view("MfaSetup") },
  "POST /auth/mfa/verify": {
    tag: "auth",
    summary: "Confirm TOTP enrolment",
    body: VerifyMfaRequestSchema,
    response: view("MfaVerify"),
  },
  // --- keys, users, organization ----------------------------------------------------------
  "POST /keys": {
    tag: "keys",
    summary: "Create an API key (the key is shown once)",
    body: CreateApiKeyRequestSchema,
    response: view("CreatedApiKey", 201),
  },
  "POST /keys/generate": {
    tag: "keys",
    summary: "Create an API key (vendor SDK alias)",
    body: CreateApiKeyRequestSchema,
    response: view("CreatedApiKey", 201),
  },
  "GET /keys/list": { tag: "keys", summary: "The organization's API keys", response: list(ApiKeySchema) },
  "DELETE /keys/:id": { tag: "keys", summary: "Revoke an API key", response: none },
  "DELETE /keys/:id/revoke": { tag: "keys", summary: "Revoke an API key (vendor SDK alias)", response: none },
  "POST /users": {
    tag: "users",
    summary: "Create a user",
    body: CreateUserRequestSchema,
    response: ok(UserSchema, 201),
  },
  "GET /users": {
    tag: "users",
    summary: "The organization's users",
    query: ListUsersRequestSchema,
    response: list(UserSchema),
  },
  "GET /users/:id": { tag: "users", summary: "One user", response: ok(UserSchema) },
  "PATCH /users/:id": {
    tag: "users",
    summary: "Change a user's role or name",
    body: UpdateUserRequestSchema,
    response: ok(UserSchema),
  },
  "DELETE /users/:id": { tag: "users", summary: "Remove a user", response: none },
  "GET /organization": {
    tag: "organization",
    summary: "The caller's organization and its limits",
    response: ok(OrganizationSchema),
  },
  "PATCH /organization/limits": {
    tag: "organization",
    summary: "Set the organization's request limits",
    body: UpdateOrganizationLimitsRequestSchema,
    response: ok(OrganizationSchema),
  },
  "POST /organization/kill-switch": {
    tag: "organization",
    summary: "Organization-wide kill switch",
    body: SetOrganizationKillSwitchRequestSchema,
    response: view("KillSwitch"),
  },
  // --- agents -------------------------------------------------------------------------------
  "POST /registry/agents": {
    tag: "agents",
    summary: "Register an agent",
    body: RegisterAgentRequestSchema,
    response: ok(AgentSchema, 201),
  },
  "GET /registry/agents": {
    tag: "agents",
    summary: "The organization's agents",
    query: ListAgentsRequestSchema,
    response: list(AgentSchema),
  },
  "GET /registry/agents/:agent_id": { tag: "agents", summary: "One agent", response: ok(AgentSchema) },
  "PATCH /registry/agents/:agent_id": {
    tag: "agents",
    summary: "Change an agent",
    body: UpdateAgentRequestSchema,
    response: ok(AgentSchema),
  },
  "DELETE /registry/agents/:agent_id": { tag: "agents", summary: "Remove an agent", response: none },
  "POST /registry/agents/:agent_id/kill": {
    tag: "agents",
    summary: "Kill switch: stop an agent and deny its pending actions",
    body: KillAgentRequestSchema,
    response: ok(AgentSchema),
  },
  "POST /registry/agents/:agent_id/reactivate": {
    tag: "agents",
    summary: "Reactivate a killed agent",
    body: KillAgentRequestSchema,
    response: ok(AgentSchema),
  },
  "GET /registry/agents/:agent_id/budget": {
    tag: "agents",
    summary: "An agent's daily budget, today's spend and what remains",
    description:
      "Today is the agent's current day in its allowed window's timezone (else UTC), the day its budget is " +
      "reserved in; the spend includes what pending actions hold until they are decided. Another " +
      "organization's agent is 404 AGENT_NOT_FOUND.",
    response: view("AgentBudget"),
  },
  "PUT /registry/agents/:agent_id/governance": {
    tag: "agents",
    summary: "Rate limits, daily budget and time window of an agent",
    body: SetAgentGovernanceRequestSchema,
    response: ok(AgentGovernanceSchema),
  },
  "POST /agents/health/heartbeat": {
    tag: "agents",
    summary: "An agent's heartbeat",
    body: RecordHeartbeatRequestSchema,
    response: ok(AgentHealthSchema),
  },
  "GET /agents/health/:agent_id": { tag: "agents", summary: "An agent's liveness", response: ok(AgentHealthSchema) },
  "GET /sdk/kill-switch/status": {
    tag: "agents",
    summary: "Kill-switch status for the caller's organization and agent",
    query: GetKillSwitchStatusRequestSchema,
    response: view("KillSwitch"),
  },
  "POST /registry/mcp-servers": {
    tag: "mcp-servers",
    summary: "Register an MCP server",
    body: RegisterMcpServerRequestSchema,
    response: ok(McpServerSchema, 201),
  },
  "GET /registry/mcp-servers": {
    tag: "mcp-servers",
    summary: "The organization's MCP servers",
    response: list(McpServerSchema),
  },
  "GET /registry/mcp-servers/:name": { tag: "mcp-servers", summary: "One MCP server", response: ok(McpServerSchema) },
  "DELETE /registry/mcp-servers/:name": { tag: "mcp-servers", summary: "Remove an MCP server", response: none },
  // --- actions and approvals -------------------------------------------------------------------
  "POST /actions": {
    tag: "actions",
    summary: "Submit an action for a governance decision",
    body: SubmitActionRequestSchema,
    response: view("Action"),
    mayRequireApproval: true,
  },
  "POST /actions/submit": {
    tag: "actions",
    summary: "Submit an action (vendor SDK route; extra fields are kept as parameters)",
    body: SubmitActionRequestSchema,
    response: view("Action"),
    mayRequireApproval: true,
  },
  "GET /actions": {
    tag: "actions",
    summary: "The organization's actions, newest first",
    query: ListActionsRequestSchema,
    response: list("Action"),
  },
  "GET /agent-activity": {
    tag: "actions",
    summary: "Recent actions (vendor SDK alias of GET /actions)",
    query: ListActionsRequestSchema,
    response: list("Action"),
  },
  "GET /actions/:id": { tag: "actions", summary: "One action", response: view("Action") },
  "GET /actions/:id/status": {
    tag: "actions",
    summary: "One action's state (vendor SDK route)",
    response: view("Action"),
  },
  "POST /actions/:id/approve": {
    tag: "approvals",
    summary: "Approve a pending action",
    body: ApproveActionRequestSchema,
    response: view("Action"),
  },
  "POST /actions/:id/reject": {
    tag: "approvals",
    summary: "Reject a pending action",
    body: ApproveActionRequestSchema,
    response: view("Action"),
  },
  "POST /actions/:id/execute": {
    tag: "actions",
    summary: "Mark an allowed action as executed",
    body: ApproveActionRequestSchema,
    response: view("Action"),
  },
  "POST /agent-action/:id/complete": {
    tag: "actions",
    summary: "The agent reports an action completed",
    body: ExecuteActionRequestSchema,
    response: view("Action"),
  },
  "POST /agent-action/:id/fail": {
    tag: "actions",
    summary: "The agent reports an action failed",
    body: FailActionRequestSchema,
    bodyView: "FailReport",
    response: view("Action"),
  },
  "GET /approvals/pending": {
    tag: "approvals",
    summary: "What the caller may approve",
    query: ListPendingApprovalsRequestSchema,
    response: list("Action"),
  },
  "GET /approvals/settings": { tag: "approvals", summary: "The approval deadline", response: view("ApprovalSettings") },
  "PUT /approvals/settings": {
    tag: "approvals",
    summary: "Set the approval deadline",
    body: UpdateApprovalSettingsRequestSchema,
    response: view("ApprovalSettings"),
  },
  "POST /governance/policies/evaluate-realtime": {
    tag: "governance",
    summary: "Dry run: the decision the pipeline would take, stored nowhere",
    description:
      "Runs the action through the whole pipeline (kill switches, rate limits, time window, budget, policies, " +
      "smart rules, risk) reading the counters without changing them. Test before saving: `draft_rule` (a smart " +
      "rule's fields, as POST /smart-rules takes them) and `draft_policy` (as POST /policies) are checked as saving " +
      "them would be (a bad CEL expression is the same 422) and applied to this answer only, in place of the saved " +
      "rule named by `draft_rule_id` / `draft_policy_id`, or beside the saved rules; a disabled draft takes its saved " +
      "rule out. Drafts need an admin, as saving does. `matched_rules` names the deciding policy and the matching " +
      'smart rules; a new draft is named "draft".',
    body: EvaluateActionRequestSchema,
    response: view("Evaluation"),
  },
  // --- policies and smart rules --------------------------------------------------------------------
  "POST /policies": {
    tag: "policies",
    summary: "Create a policy",
    body: CreatePolicyRequestSchema,
    response: ok(PolicySchema, 201),
  },
  "GET /policies": { tag: "policies", summary: "The organization's policies", response: list(PolicySchema) },
  "GET /policies/:id": { tag: "policies", summary: "One policy", response: ok(PolicySchema) },
  "PUT /policies/:id": {
    tag: "policies",
    summary: "Replace a policy",
    body: CreatePolicyRequestSchema,
    response: ok(PolicySchema),
  },
  "DELETE /policies/:id": { tag: "policies", summary: "Delete a policy", response: none },
  "POST /smart-rules": {
    tag: "smart-rules",
    summary: "Create a CEL smart rule (the expression is checked now)",
    body: CreateSmartRuleRequestSchema,
    response: ok(SmartRuleSchema, 201),
  },
  "GET /smart-rules": {
    tag: "smart-rules",
    summary: "The organization's smart rules",
    response: list(SmartRuleSchema),
  },
  "GET /smart-rules/:id": { tag: "smart-rules", summary: "One smart rule", response: ok(SmartRuleSchema) },
  "PUT /smart-rules/:id": {
    tag: "smart-rules",
    summary: "Replace a smart rule",
    body: CreateSmartRuleRequestSchema,
    response: ok(SmartRuleSchema),
  },
  "DELETE /smart-rules/:id": { tag: "smart-rules", summary: "Delete a smart rule", response: none },
  // --- audit ------------------------------------------------------------------------------------------
  "GET /audit": {
    tag: "audit",
    summary: "The organization's audit trail",
    query: ListAuditEntriesRequestSchema,
    response: list("AuditEntry"),
  },
  "GET /audit/verify": {
    tag: "audit",
    summary: "Check the audit trail's hash chain",
    response: view("AuditVerification"),
  },
  // --- approval notifications --------------------------------------------------------------------
  "POST /notification-endpoints": {
    tag: "notifications",
    summary: "Add a webhook, Slack or email endpoint (admin; the signing secret is shown once)",
    body: CreateNotificationEndpointRequestSchema,
    response: view("CreatedNotificationEndpoint", 201),
  },
  "GET /notification-endpoints": {
    tag: "notifications",
    summary: "The organization's notification endpoints (admin)",
    response: list(NotificationEndpointSchema),
  },
  "GET /notification-endpoints/:id": {
    tag: "notifications",
    summary: "One notification endpoint (admin)",
    response: ok(NotificationEndpointSchema),
  },
  "PATCH /notification-endpoints/:id": {
    tag: "notifications",
    summary: "Change an endpoint's name, URL or address, events, or enabled (admin)",
    body: UpdateNotificationEndpointRequestSchema,
    response: ok(NotificationEndpointSchema),
  },
  "DELETE /notification-endpoints/:id": {
    tag: "notifications",
    summary: "Delete an endpoint and its delivery log (admin)",
    response: none,
  },
  "POST /notification-endpoints/:id/rotate-secret": {
    tag: "notifications",
    summary: "Replace the signing secret, at once (admin; the new secret is shown once)",
    response: view("CreatedNotificationEndpoint"),
  },
  "POST /notification-endpoints/:id/test": {
    tag: "notifications",
    summary: "Queue a notification.test delivery to the endpoint (admin)",
    response: view("NotificationDelivery", 201),
  },
  "GET /notification-endpoints/:id/deliveries": {
    tag: "notifications",
    summary: "The endpoint's delivery log, newest first (admin)",
    query: ListNotificationDeliveriesRequestSchema,
    response: list("NotificationDelivery"),
  },
  "GET /deployment-info": { tag: "health", summary: "Version and environment", response: view("DeploymentInfo") },
};
