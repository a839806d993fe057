import { Code } from "@connectrpc/connect";
import { ErrorReason } from "@platform/proto/reasons";
import type { CatalogueEntry } from "./catalogue-entry.js";

type EntryInput = Omit<CatalogueEntry, "key" | "reason">;

/**
 * Every error case of both reference pages and of api-contract section 2, keyed by
 * ErrorReason name. One row per case; the `detail` texts are the first page's words
 * verbatim where it has one, the codes and messages the second page's.
 */
const rows = {
  // --- Authentication (401) ------------------------------------------------------------
  AUTHENTICATION_REQUIRED: {
    code: "AUTHENTICATION_REQUIRED", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Authentication required",
    message: "Authentication required. Provide an X-API-Key or Authorization: Bearer header",
    description: "No credential at all on a route that needs one.",
  },
  INVALID_API_KEY: {
    code: "INVALID_API_KEY", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Could not validate credentials",
    message: "The provided API key is invalid or expired",
    params: { key_prefix: "string" },
    description: "An API key that matches no key of any organization.",
  },
  EXPIRED_API_KEY: {
    code: "EXPIRED_API_KEY", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "API key has expired",
    message: "The provided API key expired at {expired_at}",
    params: { key_prefix: "string", expired_at: "string" },
    description: "An API key past its expires_at.",
  },
  REVOKED_API_KEY: {
    code: "REVOKED_API_KEY", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "API key has been revoked",
    message: "The provided API key has been revoked",
    params: { key_prefix: "string" },
    description: "An API key an admin revoked.",
  },
  INVALID_TOKEN: {
    code: "INVALID_TOKEN", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Could not validate credentials",
    message: "The provided token is malformed or invalid",
    description: "A bearer token that is not a well-formed JWT of this platform.",
  },
  INVALID_TOKEN_SIGNATURE: {
    code: "INVALID_TOKEN", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Invalid token signature",
    message: "The token signature could not be verified",
    description: "A JWT whose signature does not verify.",
  },
  EXPIRED_TOKEN: {
    code: "EXPIRED_TOKEN", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Token has expired",
    message: "The access token has expired; refresh it with /api/auth/refresh",
    description: "A JWT past its exp (access tokens live 60 minutes).",
  },
  MFA_REQUIRED: {
    code: "MFA_REQUIRED", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "MFA verification required",
    message: "Multi-factor authentication is required; provide mfa_code",
    description: "Login of an MFA-enrolled user without the TOTP code.",
  },
  INVALID_CREDENTIALS: {
    code: "INVALID_CREDENTIALS", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Incorrect email or password",
    message: "Incorrect email or password",
    description: "Login with an unknown email or a wrong password (indistinguishable on purpose).",
  },
  ACCOUNT_LOCKED: {
    code: "ACCOUNT_LOCKED", grpc: Code.PermissionDenied, http: 403,
    detail: "Account locked",
    message: "Account locked after repeated failed logins until {locked_until}",
    params: { locked_until: "string" },
    description: "Too many failed logins; the lock ends at locked_until.",
  },
  // --- Authorization and tenancy (403 / 404) ------------------------------------------
  INSUFFICIENT_PERMISSIONS: {
    code: "INSUFFICIENT_PERMISSIONS", grpc: Code.PermissionDenied, http: 403,
    detail: "Insufficient permissions for this operation",
    message: "Role '{role}' is not authorized for this operation; requires '{required_role}'",
    params: { role: "string", required_role: "string" },
    description: "The caller's role is below what the route needs.",
  },
  ADMIN_ACCESS_REQUIRED: {
    code: "INSUFFICIENT_PERMISSIONS", grpc: Code.PermissionDenied, http: 403,
    detail: "Admin access required",
    message: "Admin access required for this operation",
    params: { role: "string" },
    description: "An admin-only route called by a non-admin.",
  },
  CSRF_VALIDATION_FAILED: {
    code: "CSRF_VALIDATION_FAILED", grpc: Code.PermissionDenied, http: 403,
    detail: "CSRF validation failed",
    message: "CSRF token missing or invalid; send the csrf_token cookie value in X-CSRF-Token",
    description: "A mutating cookie-session request without a matching double-submit token.",
  },
  NO_ORGANIZATION: {
    code: "NO_ORGANIZATION", grpc: Code.PermissionDenied, http: 403,
    detail: "User has no organization",
    message: "The authenticated user is not a member of any organization",
    description: "A principal without an organization.",
  },
  ORGANIZATION_CONTEXT_REQUIRED: {
    code: "ORGANIZATION_CONTEXT_REQUIRED", grpc: Code.PermissionDenied, http: 403,
    detail: "Organization context required",
    message: "This operation needs an organization context",
    description: "A service call that arrived without the caller's organization.",
  },
  CROSS_ORGANIZATION_ACCESS_DENIED: {
    code: "CROSS_ORGANIZATION_ACCESS_DENIED", grpc: Code.PermissionDenied, http: 403,
    detail: "Cross-organization access denied",
    message: "Access to another organization's resources is denied",
    description: "A request that names another organization explicitly.",
  },
  ORGANIZATION_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Organization not found",
    message: "Organization not found",
    description: "The caller's organization no longer exists.",
  },
  // --- Rate limits and quotas (429) ---------------------------------------------------
  RATE_LIMIT_EXCEEDED: {
    code: "RATE_LIMIT_EXCEEDED", grpc: Code.ResourceExhausted, http: 429, defaultRetryAfterSeconds: 60,
    detail: "Rate limit exceeded",
    message: "Rate limit exceeded. Retry after {retry_after} seconds",
    params: { limit: "number", window: "string", current: "number", retry_after: "number", reset: "number" },
    description: "The organization's hourly or daily request limit.",
  },
  AGENT_RATE_LIMIT_EXCEEDED: {
    code: "RATE_LIMIT_EXCEEDED", grpc: Code.ResourceExhausted, http: 429, defaultRetryAfterSeconds: 60,
    detail: "Rate limit exceeded",
    message: "Agent '{agent_id}' exceeded its rate limit. Retry after {retry_after} seconds",
    params: { agent_id: "string", limits: "json", retry_after: "number" },
    extras: ["limits"],
    description: "An agent's per-minute or per-hour action limit.",
  },
  QUOTA_EXCEEDED: {
    code: "QUOTA_EXCEEDED", grpc: Code.ResourceExhausted, http: 429, defaultRetryAfterSeconds: 3600,
    detail: "Monthly quota exceeded",
    message: "The organization's monthly request quota of {quota} is used up",
    params: { quota: "number", retry_after: "number" },
    description: "The monthly request quota of the organization's plan.",
  },
  // --- Validation (400 / 422; see field-problems.ts for the per-family shapes) -------
  MISSING_REQUIRED_FIELD: {
    code: "MISSING_REQUIRED_FIELD", grpc: Code.InvalidArgument, http: 400,
    detail: "Missing required fields: {fields}",
    message: "Missing required fields: {fields}",
    params: { fields: "string", violations: "json" },
    description: "A required request field is absent or empty.",
  },
  INVALID_FIELD_VALUE: {
    code: "INVALID_FIELD_VALUE", grpc: Code.InvalidArgument, http: 400,
    detail: "Invalid value for fields: {fields}",
    message: "Invalid value for fields: {fields}",
    params: { fields: "string", violations: "json" },
    description: "A request field is present but breaks a field rule.",
  },
  VALIDATION_ERROR: {
    code: "VALIDATION_ERROR", grpc: Code.InvalidArgument, http: 422,
    detail: "Request body failed schema validation",
    message: "Request body failed schema validation",
    params: { fields: "string", violations: "json" },
    description: "A request body of the wrong JSON type or shape.",
  },
  INVALID_JSON: {
    code: "INVALID_JSON", grpc: Code.InvalidArgument, http: 400,
    detail: "Malformed JSON in request body",
    message: "Malformed JSON in request body",
    description: "A request body that does not parse as JSON.",
  },
  // --- Resources (404 / 409) ------------------------------------------------------------
  RESOURCE_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Resource not found",
    message: "{resource_type} '{resource_id}' not found",
    params: { resource_type: "string", resource_id: "string" },
    description: "A resource without a more specific not-found case.",
  },
  AGENT_NOT_FOUND: {
    code: "AGENT_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Agent not found",
    message: "Agent '{agent_id}' is not registered",
    params: { agent_id: "string", suggestion: "string" },
    description: "No agent with this id in the caller's organization.",
  },
  ACTION_NOT_FOUND: {
    code: "ACTION_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Action not found",
    message: "Action '{action_id}' not found",
    params: { action_id: "string" },
    description: "No action with this id in the caller's organization.",
  },
  SMART_RULE_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Smart rule not found",
    message: "Smart rule '{rule_id}' not found",
    params: { rule_id: "string" },
    description: "No smart rule with this id in the caller's organization.",
  },
  MCP_SERVER_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "MCP server not found",
    message: "MCP server '{name}' not found",
    params: { name: "string" },
    description: "No MCP server with this name in the caller's organization.",
  },
  POLICY_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Policy not found",
    message: "Policy '{policy_id}' not found",
    params: { policy_id: "string" },
    description: "No policy with this id in the caller's organization.",
  },
  USER_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "User not found",
    message: "User '{user_id}' not found",
    params: { user_id: "string" },
    description: "No user with this id in the caller's organization.",
  },
  API_KEY_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "API key not found",
    message: "API key '{key_id}' not found",
    params: { key_id: "string" },
    description: "No API key with this id in the caller's organization.",
  },
  RESOURCE_CONFLICT: {
    code: "RESOURCE_CONFLICT", grpc: Code.AlreadyExists, http: 409,
    detail: "Resource already exists",
    message: "{resource_type} '{resource_id}' already exists",
    params: { resource_type: "string", resource_id: "string" },
    description: "A duplicate without a more specific conflict case.",
  },
  AGENT_ALREADY_EXISTS: {
    code: "AGENT_ALREADY_EXISTS", grpc: Code.AlreadyExists, http: 409,
    detail: "Agent with ID '{agent_id}' already exists",
    message: "Agent with ID '{agent_id}' already exists",
    params: { agent_id: "string" },
    description: "Registering an agent id the organization already has.",
  },
  MCP_SERVER_ALREADY_EXISTS: {
    code: "RESOURCE_CONFLICT", grpc: Code.AlreadyExists, http: 409,
    detail: "MCP server {name} already registered",
    message: "MCP server {name} already registered",
    params: { name: "string" },
    description: "Registering an MCP server name the organization already has.",
  },
  API_KEY_NAME_CONFLICT: {
    code: "RESOURCE_CONFLICT", grpc: Code.AlreadyExists, http: 409,
    detail: "API key with this name already exists",
    message: "API key with this name already exists",
    params: { name: "string" },
    description: "Creating an API key whose name the organization already uses.",
  },
  EMAIL_ALREADY_REGISTERED: {
    code: "RESOURCE_CONFLICT", grpc: Code.AlreadyExists, http: 409,
    detail: "User with this email already exists",
    message: "User with this email already exists",
    description: "Signing up or creating a user with an email already in use.",
  },
  // --- Action workflow (409) ------------------------------------------------------------
  CONCURRENT_MODIFICATION: {
    code: "RESOURCE_CONFLICT", grpc: Code.Aborted, http: 409,
    detail: "Resource was modified concurrently",
    message: "The resource was changed by another request at the same time; retry",
    description: "Two requests changed the same record at once (optimistic lock, deadlock, serialization failure); retrying helps.",
  },
  ACTION_NOT_PENDING: {
    code: "ACTION_NOT_PENDING", grpc: Code.FailedPrecondition, http: 409,
    detail: "Action not in pending status",
    message: "Action '{action_id}' is {status}, not pending_approval",
    params: { action_id: "string", status: "string" },
    description: "Approving or rejecting an action that no longer waits.",
  },
  ACTION_ALREADY_DECIDED: {
    code: "ACTION_ALREADY_DECIDED", grpc: Code.FailedPrecondition, http: 409,
    detail: "Action already approved",
    message: "Action '{action_id}' was already approved",
    params: { action_id: "string", status: "string" },
    description: "Approving or rejecting an action that was approved already (also the losing concurrent approver).",
  },
  ACTION_NOT_APPROVED: {
    code: "ACTION_NOT_APPROVED", grpc: Code.FailedPrecondition, http: 409,
    detail: "Action not approved. Current status: {status_upper}",
    message: "Action not approved. Current status: {status_upper}",
    params: { action_id: "string", status: "string", status_upper: "string" },
    description: "Executing an action that still waits for approval.",
  },
  INVALID_STATUS_TRANSITION: {
    code: "INVALID_STATUS_TRANSITION", grpc: Code.FailedPrecondition, http: 409,
    detail: "Invalid status transition",
    message: "Invalid status transition from {from_status} to {to_status}",
    params: { action_id: "string", from_status: "string", to_status: "string" },
    description: "Any other move the state machine does not allow.",
  },
  // --- Approval (202 / 403) ---------------------------------------------------------------
  APPROVAL_REQUIRED: {
    code: "APPROVAL_REQUIRED", grpc: Code.FailedPrecondition, http: 202,
    detail: "Action requires L{required_level} approval",
    message: "Action requires L{required_level} approval",
    params: { action_id: "number", status: "string", required_level: "number", risk_score: "number", risk_level: "string" },
    description: "Not a failure: the action waits for a human approval of the required level.",
  },
  INSUFFICIENT_APPROVAL_LEVEL: {
    code: "INSUFFICIENT_APPROVAL_LEVEL", grpc: Code.PermissionDenied, http: 403,
    detail: "Insufficient approval level",
    message: "Action requires L{required_level} approval",
    params: { action_id: "string", required_level: "number", approver_level: "number" },
    description: "The approver's level is below the action's required level.",
  },
  SELF_APPROVAL_NOT_PERMITTED: {
    code: "SELF_APPROVAL_NOT_PERMITTED", grpc: Code.PermissionDenied, http: 403,
    detail: "Self-approval not permitted",
    message: "The submitter of an action cannot approve or reject it",
    params: { action_id: "string" },
    description: "The submitting user (or any of their keys or sessions) deciding their own action.",
  },
  // --- Governance decisions (403 / 429) --------------------------------------------------
  KILL_SWITCH_ACTIVE: {
    code: "KILL_SWITCH_ACTIVE", grpc: Code.PermissionDenied, http: 403,
    detail: "Agent kill switch is active",
    message: "Agent '{agent_id}' is stopped by its kill switch",
    params: { agent_id: "string", reason: "string", policy_violations: "json" },
    extras: ["policy_violations"],
    description: "An action of an agent whose kill switch is on.",
  },
  ACTION_DENIED: {
    code: "ACTION_DENIED", grpc: Code.PermissionDenied, http: 403,
    detail: "Action denied by policy '{policy_name}'",
    message: "Action denied by policy '{policy_name}'",
    params: { policy_id: "string", policy_name: "string", risk_score: "number", risk_level: "string", reason: "string", policy_violations: "json" },
    extras: ["policy_violations"],
    description: "A deny policy matched the action.",
  },
  POLICY_VIOLATION: {
    code: "POLICY_VIOLATION", grpc: Code.PermissionDenied, http: 403,
    detail: "Action violates smart rule '{rule_name}'",
    message: "Action violates smart rule '{rule_name}'",
    params: { rule_id: "string", rule_name: "string", expression: "string", reason: "string", policy_violations: "json" },
    extras: ["policy_violations"],
    description: "A deny smart rule matched the action.",
  },
  OUTSIDE_TIME_WINDOW: {
    code: "OUTSIDE_TIME_WINDOW", grpc: Code.PermissionDenied, http: 403,
    detail: "Action outside allowed time window",
    message: "Agent '{agent_id}' may act only between {start_time} and {end_time} ({timezone})",
    params: { agent_id: "string", start_time: "string", end_time: "string", timezone: "string", allowed_window: "json", policy_violations: "json" },
    extras: ["allowed_window", "policy_violations"],
    description: "An action outside the agent's allowed time window.",
  },
  BUDGET_EXCEEDED: {
    code: "BUDGET_EXCEEDED", grpc: Code.ResourceExhausted, http: 429, defaultRetryAfterSeconds: 3600,
    detail: "Daily budget exceeded",
    message: "Agent '{agent_id}' would exceed its daily budget",
    params: { agent_id: "string", budget: "json", retry_after: "number" },
    extras: ["budget"],
    description: "The action's cost would take the agent past its daily budget.",
  },
  // --- Routing (404 / 405) and server side (5xx) -----------------------------------------
  ROUTE_NOT_FOUND: {
    code: "RESOURCE_NOT_FOUND", grpc: Code.NotFound, http: 404,
    detail: "Resource not found",
    message: "No route {method} {path}",
    params: { method: "string", path: "string", status_code: "number" },
    extras: ["status_code"],
    description: "An unknown route.",
  },
  METHOD_NOT_ALLOWED: {
    code: "METHOD_NOT_ALLOWED", grpc: Code.Unimplemented, http: 405,
    detail: "Method not allowed",
    message: "Method {method} is not allowed on {path}; allowed: {allow}",
    params: { method: "string", path: "string", allow: "string" },
    description: "A known route called with a method it does not serve (Allow lists the ones it does).",
  },
  REQUEST_HEADERS_TOO_LARGE: {
    code: "REQUEST_HEADERS_TOO_LARGE", grpc: Code.InvalidArgument, http: 431,
    detail: "Request header fields too large",
    message: "Request headers exceed {limit} bytes",
    params: { limit: "number" },
    description: "The request's headers are larger than the gateway reads (Node's maxHeaderSize).",
  },
  MALFORMED_REQUEST: {
    code: "MALFORMED_REQUEST", grpc: Code.InvalidArgument, http: 400,
    detail: "Malformed request",
    message: "The request is not valid HTTP: {reason}",
    params: { reason: "string" },
    description: "A request the HTTP parser cannot read (bad request line, bad header characters, bad path encoding).",
  },
  INTERNAL_ERROR: {
    code: "INTERNAL_ERROR", grpc: Code.Internal, http: 500,
    detail: "An unexpected error occurred",
    message: "An internal error occurred. Please try again later.",
    description: "Anything unexpected; the cause is logged with the trace id and never sent.",
  },
  PROCESSING_FAILED: {
    code: "INTERNAL_ERROR", grpc: Code.Internal, http: 500,
    detail: "Failed to process request",
    message: "The request could not be processed. Please try again later.",
    description: "A known step failed in a way retrying may fix.",
  },
  DATABASE_ERROR: {
    code: "DATABASE_ERROR", grpc: Code.Internal, http: 500,
    detail: "Failed to process request",
    message: "A database error occurred",
    description: "A database failure that retrying cannot fix.",
  },
  DATABASE_UNAVAILABLE: {
    code: "SERVICE_UNAVAILABLE", grpc: Code.Unavailable, http: 503, defaultRetryAfterSeconds: 5,
    detail: "Database connection failed",
    message: "The database is unreachable. Please retry shortly.",
    description: "A service cannot reach its database.",
  },
  SERVICE_UNAVAILABLE: {
    code: "SERVICE_UNAVAILABLE", grpc: Code.Unavailable, http: 503, defaultRetryAfterSeconds: 5,
    detail: "Service temporarily unavailable",
    message: "Service '{service}' is temporarily unavailable",
    params: { service: "string" },
    description: "A service is down or unreachable from the gateway.",
  },
  MCP_GOVERNANCE_UNAVAILABLE: {
    code: "SERVICE_UNAVAILABLE", grpc: Code.Unavailable, http: 503, defaultRetryAfterSeconds: 5,
    detail: "MCP governance system unavailable",
    message: "The MCP governance system is temporarily unavailable",
    description: "The governance pipeline cannot decide MCP tool calls right now.",
  },
  MAINTENANCE_IN_PROGRESS: {
    code: "SERVICE_UNAVAILABLE", grpc: Code.Unavailable, http: 503, defaultRetryAfterSeconds: 300,
    detail: "Database maintenance in progress",
    message: "Database maintenance in progress. Please retry later.",
    description: "Planned maintenance (MAINTENANCE_MODE=1 on a service).",
  },
  UPSTREAM_ERROR: {
    code: "UPSTREAM_ERROR", grpc: Code.Unknown, http: 502,
    detail: "Upstream service error",
    message: "An upstream service returned an invalid response",
    params: { service: "string" },
    description: "A service answered with something that is not a Connect/gRPC response.",
  },
  GATEWAY_TIMEOUT: {
    code: "GATEWAY_TIMEOUT", grpc: Code.DeadlineExceeded, http: 504,
    detail: "Request timeout",
    message: "Service '{service}' did not answer within the deadline",
    params: { service: "string" },
    description: "A service did not answer within the gateway's deadline.",
  },
  // --- Retries with an Idempotency-Key (api-contract section 9) --------------------------
  IDEMPOTENCY_KEY_REUSED: {
    code: "IDEMPOTENCY_KEY_REUSED", grpc: Code.FailedPrecondition, http: 422,
    detail: "Idempotency key already used with a different request",
    message: "This Idempotency-Key was already used with a different request; use a new key for a new request",
    description: "A POST whose Idempotency-Key an earlier request of the organization used with another path or body (keys live 24 h).",
  },
  IDEMPOTENCY_KEY_IN_USE: {
    code: "IDEMPOTENCY_KEY_IN_USE", grpc: Code.Aborted, http: 409,
    detail: "A request with this idempotency key is in progress",
    message: "A request with this Idempotency-Key is still in progress; retry once it has been answered",
    description: "A POST sent again while the first request under its Idempotency-Key is still being processed.",
  },
  INVALID_IDEMPOTENCY_KEY: {
    code: "INVALID_FIELD_VALUE", grpc: Code.InvalidArgument, http: 400,
    detail: "Invalid Idempotency-Key header",
    message: "The Idempotency-Key header must be 1 to 255 printable ASCII characters",
    description: "An Idempotency-Key header that is empty, longer than 255 characters or not printable ASCII.",
  },
  // --- Service-to-service identity (401) ---------------------------------------------
  INVALID_SERVICE_TOKEN: {
    code: "INVALID_SERVICE_TOKEN", grpc: Code.Unauthenticated, http: 401, challenge: true,
    detail: "Invalid service token",
    message: "The caller's service token was refused: {problem}",
    params: { problem: "string" },
    description: "A call to a service whose signed caller token (from the gateway, another service or `npm run mint-token`) is forged, expired, or meant for another service. Seen by operators calling a service directly; through the gateway it means the gateway and the service do not share SERVICE_TOKEN_SECRET.",
  },
} satisfies Record<string, EntryInput>;

/** A catalogue key. */
export type ErrorKey = keyof typeof rows;

function build(): ReadonlyMap<string, CatalogueEntry> {
  const map = new Map<string, CatalogueEntry>();
  for (const [key, row] of Object.entries(rows) as [ErrorKey, EntryInput][]) {
    const reason = ErrorReason[key as keyof typeof ErrorReason];
    // The generated enum and this table are separate sources; the types cannot see them drift apart.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (reason === undefined) throw new Error(`catalogue key ${key} has no ErrorReason value`);
    map.set(key, { key, reason, ...row });
  }
  return map;
}

/** The catalogue, by key. */
export const catalogue: ReadonlyMap<string, CatalogueEntry> = build();

/** The entry of a key; throws for a key that is not in the catalogue (a programming error). */
export function entryOf(key: ErrorKey | (string & {})): CatalogueEntry {
  const entry = catalogue.get(key);
  if (!entry) throw new Error(`unknown error catalogue key: ${key}`);
  return entry;
}
