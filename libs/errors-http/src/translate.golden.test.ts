import { Code, ConnectError } from "@connectrpc/connect";
import { errorFromJson, errorToJson } from "@connectrpc/connect/protocol-connect";
import { catalogue, entryOf, invalidRequest, platformError, sampleParams, type ErrorKey } from "@platform/errors";
import { describe, expect, it } from "vitest";
import { translateFailure, type RequestFacts } from "./translate.js";
import type { RouteFamily } from "./route-family.js";

const facts: RequestFacts = {
  requestId: "req_test",
  correlationId: "4bf92f3577b34da6a3ce929d0e0e4736",
  now: new Date("2026-01-01T10:30:00Z"),
};

/** As the gateway receives it: serialized by a service, parsed by the Connect client. */
function overTheWire(error: ConnectError): ConnectError {
  return errorFromJson(
    JSON.parse(JSON.stringify(errorToJson(error, undefined))),
    undefined,
    new ConnectError("fallback"),
  );
}

/**
 * The contract, written out independently of the catalogue: for every case, the
 * HTTP status, `error.code` and `detail` a client sees (with the params given, or
 * the sample params), and the headers it must carry. Validation cases are below.
 */
const golden: Record<
  string,
  { status: number; code: string; detail: string; params?: Record<string, unknown>; headers?: Record<string, string> }
> = {
  AUTHENTICATION_REQUIRED: {
    status: 401,
    code: "AUTHENTICATION_REQUIRED",
    detail: "Authentication required",
    headers: { "www-authenticate": 'Bearer realm="agent-governance"' },
  },
  INVALID_API_KEY: {
    status: 401,
    code: "INVALID_API_KEY",
    detail: "Could not validate credentials",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  EXPIRED_API_KEY: {
    status: 401,
    code: "EXPIRED_API_KEY",
    detail: "API key has expired",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  REVOKED_API_KEY: {
    status: 401,
    code: "REVOKED_API_KEY",
    detail: "API key has been revoked",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  INVALID_TOKEN: {
    status: 401,
    code: "INVALID_TOKEN",
    detail: "Could not validate credentials",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  INVALID_TOKEN_SIGNATURE: {
    status: 401,
    code: "INVALID_TOKEN",
    detail: "Invalid token signature",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  EXPIRED_TOKEN: {
    status: 401,
    code: "EXPIRED_TOKEN",
    detail: "Token has expired",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  MFA_REQUIRED: {
    status: 401,
    code: "MFA_REQUIRED",
    detail: "MFA verification required",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  INVALID_CREDENTIALS: {
    status: 401,
    code: "INVALID_CREDENTIALS",
    detail: "Incorrect email or password",
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  ACCOUNT_LOCKED: { status: 403, code: "ACCOUNT_LOCKED", detail: "Account locked" },
  INSUFFICIENT_PERMISSIONS: {
    status: 403,
    code: "INSUFFICIENT_PERMISSIONS",
    detail: "Insufficient permissions for this operation",
  },
  ADMIN_ACCESS_REQUIRED: { status: 403, code: "INSUFFICIENT_PERMISSIONS", detail: "Admin access required" },
  CSRF_VALIDATION_FAILED: { status: 403, code: "CSRF_VALIDATION_FAILED", detail: "CSRF validation failed" },
  NO_ORGANIZATION: { status: 403, code: "NO_ORGANIZATION", detail: "User has no organization" },
  ORGANIZATION_CONTEXT_REQUIRED: {
    status: 403,
    code: "ORGANIZATION_CONTEXT_REQUIRED",
    detail: "Organization context required",
  },
  CROSS_ORGANIZATION_ACCESS_DENIED: {
    status: 403,
    code: "CROSS_ORGANIZATION_ACCESS_DENIED",
    detail: "Cross-organization access denied",
  },
  ORGANIZATION_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "Organization not found" },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    code: "RATE_LIMIT_EXCEEDED",
    detail: "Rate limit exceeded",
    params: { limit: 1000, window: "1h", current: 1001, retry_after: 3600, reset: 1704067200 },
    headers: {
      "retry-after": "3600",
      "x-ratelimit-limit": "1000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1704067200",
    },
  },
  AGENT_RATE_LIMIT_EXCEEDED: {
    status: 429,
    code: "RATE_LIMIT_EXCEEDED",
    detail: "Rate limit exceeded",
    headers: { "retry-after": "30" },
  },
  QUOTA_EXCEEDED: {
    status: 429,
    code: "QUOTA_EXCEEDED",
    detail: "Monthly quota exceeded",
    headers: { "retry-after": "30" },
  },
  INVALID_JSON: { status: 400, code: "INVALID_JSON", detail: "Malformed JSON in request body" },
  RESOURCE_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "Resource not found" },
  AGENT_NOT_FOUND: { status: 404, code: "AGENT_NOT_FOUND", detail: "Agent not found" },
  ACTION_NOT_FOUND: { status: 404, code: "ACTION_NOT_FOUND", detail: "Action not found" },
  SMART_RULE_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "Smart rule not found" },
  MCP_SERVER_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "MCP server not found" },
  POLICY_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "Policy not found" },
  USER_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "User not found" },
  API_KEY_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "API key not found" },
  RESOURCE_CONFLICT: { status: 409, code: "RESOURCE_CONFLICT", detail: "Resource already exists" },
  AGENT_ALREADY_EXISTS: {
    status: 409,
    code: "AGENT_ALREADY_EXISTS",
    detail: "Agent with ID 'my-agent' already exists",
    params: { agent_id: "my-agent" },
  },
  MCP_SERVER_ALREADY_EXISTS: {
    status: 409,
    code: "RESOURCE_CONFLICT",
    detail: "MCP server filesystem-server already registered",
    params: { name: "filesystem-server" },
  },
  API_KEY_NAME_CONFLICT: { status: 409, code: "RESOURCE_CONFLICT", detail: "API key with this name already exists" },
  EMAIL_ALREADY_REGISTERED: { status: 409, code: "RESOURCE_CONFLICT", detail: "User with this email already exists" },
  ACTION_NOT_PENDING: { status: 409, code: "ACTION_NOT_PENDING", detail: "Action not in pending status" },
  ACTION_ALREADY_DECIDED: { status: 409, code: "ACTION_ALREADY_DECIDED", detail: "Action already approved" },
  ACTION_NOT_APPROVED: {
    status: 409,
    code: "ACTION_NOT_APPROVED",
    detail: "Action not approved. Current status: PENDING_APPROVAL",
    params: { action_id: "act_1", status: "pending_approval", status_upper: "PENDING_APPROVAL" },
  },
  INVALID_STATUS_TRANSITION: { status: 409, code: "INVALID_STATUS_TRANSITION", detail: "Invalid status transition" },
  APPROVAL_REQUIRED: {
    status: 202,
    code: "APPROVAL_REQUIRED",
    detail: "Action requires L2 approval",
    params: { action_id: 1, status: "pending_approval", required_level: 2, risk_score: 75, risk_level: "high" },
  },
  INSUFFICIENT_APPROVAL_LEVEL: {
    status: 403,
    code: "INSUFFICIENT_APPROVAL_LEVEL",
    detail: "Insufficient approval level",
  },
  SELF_APPROVAL_NOT_PERMITTED: {
    status: 403,
    code: "SELF_APPROVAL_NOT_PERMITTED",
    detail: "Self-approval not permitted",
  },
  KILL_SWITCH_ACTIVE: { status: 403, code: "KILL_SWITCH_ACTIVE", detail: "Agent kill switch is active" },
  ACTION_DENIED: {
    status: 403,
    code: "ACTION_DENIED",
    detail: "Action denied by policy 'no-sensitive-data-access'",
    params: {
      policy_id: "pol_xyz789",
      policy_name: "no-sensitive-data-access",
      risk_score: 95,
      risk_level: "critical",
      reason: "Access to sensitive data prohibited",
    },
  },
  POLICY_VIOLATION: {
    status: 403,
    code: "POLICY_VIOLATION",
    detail: "Action violates smart rule 'big-transfers'",
    params: { rule_id: "sr_1", rule_name: "big-transfers" },
  },
  OUTSIDE_TIME_WINDOW: { status: 403, code: "OUTSIDE_TIME_WINDOW", detail: "Action outside allowed time window" },
  BUDGET_EXCEEDED: {
    status: 429,
    code: "BUDGET_EXCEEDED",
    detail: "Daily budget exceeded",
    headers: { "retry-after": "30" },
  },
  ROUTE_NOT_FOUND: { status: 404, code: "RESOURCE_NOT_FOUND", detail: "Resource not found" },
  METHOD_NOT_ALLOWED: {
    status: 405,
    code: "METHOD_NOT_ALLOWED",
    detail: "Method not allowed",
    params: { method: "PUT", path: "/api/actions", allow: "GET, POST" },
    headers: { allow: "GET, POST" },
  },
  CONCURRENT_MODIFICATION: { status: 409, code: "RESOURCE_CONFLICT", detail: "Resource was modified concurrently" },
  REQUEST_HEADERS_TOO_LARGE: {
    status: 431,
    code: "REQUEST_HEADERS_TOO_LARGE",
    detail: "Request header fields too large",
  },
  MALFORMED_REQUEST: { status: 400, code: "MALFORMED_REQUEST", detail: "Malformed request" },
  INTERNAL_ERROR: { status: 500, code: "INTERNAL_ERROR", detail: "An unexpected error occurred" },
  PROCESSING_FAILED: { status: 500, code: "INTERNAL_ERROR", detail: "Failed to process request" },
  DATABASE_ERROR: { status: 500, code: "DATABASE_ERROR", detail: "Failed to process request" },
  DATABASE_UNAVAILABLE: {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    detail: "Database connection failed",
    headers: { "retry-after": "30" },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    detail: "Service temporarily unavailable",
    headers: { "retry-after": "30" },
  },
  MCP_GOVERNANCE_UNAVAILABLE: {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    detail: "MCP governance system unavailable",
    headers: { "retry-after": "30" },
  },
  MAINTENANCE_IN_PROGRESS: {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    detail: "Database maintenance in progress",
    headers: { "retry-after": "30" },
  },
  UPSTREAM_ERROR: { status: 502, code: "UPSTREAM_ERROR", detail: "Upstream service error" },
  GATEWAY_TIMEOUT: { status: 504, code: "GATEWAY_TIMEOUT", detail: "Request timeout" },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    code: "IDEMPOTENCY_KEY_REUSED",
    detail: "Idempotency key already used with a different request",
  },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    code: "IDEMPOTENCY_KEY_IN_USE",
    detail: "A request with this idempotency key is in progress",
  },
  INVALID_IDEMPOTENCY_KEY: { status: 400, code: "INVALID_FIELD_VALUE", detail: "Invalid Idempotency-Key header" },
  INVALID_SERVICE_TOKEN: {
    status: 401,
    code: "INVALID_SERVICE_TOKEN",
    detail: "Invalid service token",
    params: { problem: "expired" },
    headers: { "www-authenticate": 'Bearer realm="agent-governance", error="invalid_token"' },
  },
  NOTIFICATION_ENDPOINT_NOT_FOUND: {
    status: 404,
    code: "RESOURCE_NOT_FOUND",
    detail: "Notification endpoint not found",
    params: { endpoint_id: "nep_1" },
  },
  NOTIFICATION_ENDPOINT_LIMIT_REACHED: {
    status: 409,
    code: "RESOURCE_CONFLICT",
    detail: "Notification endpoint limit reached",
    params: { limit: 20 },
  },
  EMAIL_NOTIFICATIONS_NOT_CONFIGURED: {
    status: 422,
    code: "EMAIL_NOTIFICATIONS_NOT_CONFIGURED",
    detail: "Email notifications are not configured",
  },
};

const validationKeys = ["MISSING_REQUIRED_FIELD", "INVALID_FIELD_VALUE", "VALIDATION_ERROR"];
const families: RouteFamily[] = ["legacy", "v1"];

describe("golden: every catalogue case on both route families", () => {
  it("covers every catalogue entry", () => {
    expect([...Object.keys(golden), ...validationKeys].sort()).toEqual([...catalogue.keys()].sort());
  });

  for (const family of families) {
    for (const [key, want] of Object.entries(golden)) {
      it(`${family} ${key} -> ${want.status} ${want.code}`, () => {
        const entry = entryOf(key);
        const params = want.params ?? sampleParams(entry);
        const thrown = platformError(
          key as ErrorKey,
          params,
          want.headers?.["retry-after"] === "30" ? { retryAfterSeconds: 30 } : {},
        );
        const res = translateFailure(overTheWire(thrown), family, facts);
        expect(res.status).toBe(want.status);
        expect(res.body.error.code).toBe(want.code);
        expect(res.body.detail).toBe(want.detail);
        expect(res.body.status).toBe("error");
        expect(res.body.meta).toEqual({
          request_id: "req_test",
          correlation_id: facts.correlationId,
          timestamp: "2026-01-01T10:30:00.000Z",
        });
        expect(res.headers).toEqual(want.headers ?? {});
        if (want.status === 403) expect(res.body["policy_violations"]).toBeInstanceOf(Array);
      });
    }
  }
});

describe("golden: first-page extras and second-page details", () => {
  it("agent rate limit carries `limits` at the top level", () => {
    const limits = { per_minute: { limit: 10, current: 12 }, per_hour: { limit: 100, current: 105 } };
    const res = translateFailure(
      overTheWire(
        platformError(
          "AGENT_RATE_LIMIT_EXCEEDED",
          { agent_id: "bot", limits, retry_after: 42 },
          { retryAfterSeconds: 42 },
        ),
      ),
      "legacy",
      facts,
    );
    expect(res.body).toMatchObject({
      detail: "Rate limit exceeded",
      limits,
      error: { details: { agent_id: "bot", limits, retry_after: 42 } },
    });
    expect(res.headers["retry-after"]).toBe("42");
  });

  it("budget and time window carry their first-page objects", () => {
    const budget = { max_daily_usd: 1000, current_spend_usd: 1045.5 };
    expect(
      translateFailure(platformError("BUDGET_EXCEEDED", { agent_id: "bot", budget }), "v1", facts).body["budget"],
    ).toEqual(budget);
    const allowed_window = {
      start_time: "09:00",
      end_time: "17:00",
      timezone: "America/New_York",
      current_time: "23:45",
    };
    const res = translateFailure(
      platformError("OUTSIDE_TIME_WINDOW", {
        agent_id: "bot",
        allowed_window,
        start_time: "09:00",
        end_time: "17:00",
        timezone: "America/New_York",
      }),
      "v1",
      facts,
    );
    expect(res.body["allowed_window"]).toEqual(allowed_window);
    expect(res.body.error.message).toBe("Agent 'bot' may act only between 09:00 and 17:00 (America/New_York)");
  });

  it("unknown route carries status_code", () => {
    const res = translateFailure(
      platformError("ROUTE_NOT_FOUND", { method: "GET", path: "/api/nope" }),
      "legacy",
      facts,
    );
    expect(res.body).toMatchObject({
      detail: "Resource not found",
      status_code: 404,
      error: { code: "RESOURCE_NOT_FOUND", message: "No route GET /api/nope" },
    });
  });

  it("action denied carries the second page's details and policy_violations", () => {
    const violations = [{ policy_id: "pol_1", policy_name: "no-pii", reason: "PII" }];
    const res = translateFailure(
      platformError("ACTION_DENIED", {
        policy_id: "pol_1",
        policy_name: "no-pii",
        risk_score: 95,
        risk_level: "critical",
        reason: "PII",
        policy_violations: violations,
      }),
      "v1",
      facts,
    );
    expect(res.body.error).toEqual({
      code: "ACTION_DENIED",
      message: "Action denied by policy 'no-pii'",
      details: { policy_id: "pol_1", policy_name: "no-pii", risk_score: 95, risk_level: "critical", reason: "PII" },
    });
    expect(res.body["policy_violations"]).toEqual(violations);
  });

  it("agent not found reads as on the second page", () => {
    const res = translateFailure(
      platformError("AGENT_NOT_FOUND", {
        agent_id: "trading-bot-001",
        suggestion: "Register agent before submitting actions",
      }),
      "v1",
      facts,
    );
    expect(res.body.error).toEqual({
      code: "AGENT_NOT_FOUND",
      message: "Agent 'trading-bot-001' is not registered",
      details: { agent_id: "trading-bot-001", suggestion: "Register agent before submitting actions" },
    });
  });

  it("internal errors expose nothing but the request id", () => {
    const res = translateFailure(new Error("SELECT * FROM secrets failed at /srv/app.ts:12"), "v1", facts);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain("secrets");
    expect(res.body.error).toEqual({
      code: "INTERNAL_ERROR",
      message: "An internal error occurred. Please try again later.",
      details: { request_id: "req_test" },
    });
  });
});

describe("golden: validation on both route families", () => {
  const missingTwo = invalidRequest([
    { field: "agent_id", rule: "required", expected_type: "string" },
    { field: "action_type", rule: "required", expected_type: "string" },
  ]);

  it("legacy: 422 with the first page's {loc,msg,type} list", () => {
    const res = translateFailure(overTheWire(missingTwo), "legacy", facts);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      { loc: ["body", "agent_id"], msg: "field required", type: "value_error.missing" },
      { loc: ["body", "action_type"], msg: "field required", type: "value_error.missing" },
    ]);
    expect(res.body.error.code).toBe("MISSING_REQUIRED_FIELD");
    expect(res.headers).toEqual({});
  });

  it("v1: 400 MISSING_REQUIRED_FIELD with the second page's message and details", () => {
    const res = translateFailure(overTheWire(missingTwo), "v1", facts);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("Missing required fields: agent_id, action_type");
    expect(res.body.error).toEqual({
      code: "MISSING_REQUIRED_FIELD",
      message: "Missing required fields: agent_id, action_type",
      details: { field: "agent_id", fields: ["agent_id", "action_type"], requirement: "required", type: "string" },
    });
  });

  it("v1: one missing field reads as on the second page", () => {
    const res = translateFailure(
      overTheWire(invalidRequest([{ field: "agent_id", rule: "required", expected_type: "string" }])),
      "v1",
      facts,
    );
    expect(res.body.error.message).toBe("Required field 'agent_id' is missing");
    expect(res.body.error.details).toEqual({
      field: "agent_id",
      fields: ["agent_id"],
      requirement: "required",
      type: "string",
    });
  });

  it.each(families)("%s: an out-of-range value is INVALID_FIELD_VALUE", (family) => {
    const res = translateFailure(
      overTheWire(invalidRequest([{ field: "risk_score", rule: "int32.lte", limit: 100 }])),
      family,
      facts,
    );
    expect(res.status).toBe(family === "legacy" ? 422 : 400);
    expect(res.body.error.code).toBe("INVALID_FIELD_VALUE");
    expect(res.body.detail).toEqual(
      family === "legacy"
        ? [
            {
              loc: ["body", "risk_score"],
              msg: "ensure this value is less than or equal to 100",
              type: "value_error.number.not_le",
            },
          ]
        : "Invalid value for field 'risk_score': ensure this value is less than or equal to 100",
    );
  });

  it.each(families)("%s: a wrong JSON type is 422 VALIDATION_ERROR", (family) => {
    const res = translateFailure(
      invalidRequest([{ field: "risk_score", rule: "type.integer", expected_type: "integer" }]),
      family,
      facts,
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.message).toBe(
      "Request body failed schema validation: 'risk_score' value is not a valid integer",
    );
  });

  it("query and path fields are located where they came from", () => {
    const res = translateFailure(invalidRequest([{ field: "limit", rule: "int32.lte", limit: 500 }]), "legacy", {
      ...facts,
      fieldLocations: { limit: "query" },
    });
    expect(res.body.detail).toEqual([
      {
        loc: ["query", "limit"],
        msg: "ensure this value is less than or equal to 500",
        type: "value_error.number.not_le",
      },
    ]);
  });
});

describe("golden: transport failures", () => {
  it.each([
    [Code.Unavailable, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable", { "retry-after": "5" }],
    [Code.DeadlineExceeded, 504, "GATEWAY_TIMEOUT", "Request timeout", {}],
    [Code.Unknown, 502, "UPSTREAM_ERROR", "Upstream service error", {}],
    [Code.Internal, 502, "UPSTREAM_ERROR", "Upstream service error", {}],
    // The service died with the call in flight: the transport's codes for a torn-down connection.
    [Code.Canceled, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable", { "retry-after": "5" }],
    [Code.Aborted, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable", { "retry-after": "5" }],
  ] as const)("a bare ConnectError %s is %i %s", (code, status, errorCode, detail, headers) => {
    const res = translateFailure(new ConnectError("transport says no", code), "v1", facts);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(errorCode);
    expect(res.body.detail).toBe(detail);
    expect(res.headers).toEqual(headers);
  });
});

describe("golden: a service that died with the call in flight", () => {
  it.each([
    ["a stream reset", "ERR_HTTP2_STREAM_ERROR", "Stream closed with error code NGHTTP2_INTERNAL_ERROR"],
    ["a GOAWAY", "ERR_HTTP2_GOAWAY_SESSION", "New streams cannot be created after receiving a GOAWAY"],
    ["a reset connection", "ECONNRESET", "read ECONNRESET"],
    ["a hang up", "ECONNRESET", "socket hang up"],
  ])("%s is 503 SERVICE_UNAVAILABLE with Retry-After, never 500/502", (_name, nodeCode, message) => {
    const cause = Object.assign(new Error(message), { code: nodeCode });
    const res = translateFailure(new ConnectError(message, Code.Internal, undefined, undefined, cause), "v1", facts);
    expect({ status: res.status, code: res.body.error.code, detail: res.body.detail, headers: res.headers }).toEqual({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      detail: "Service temporarily unavailable",
      headers: { "retry-after": "5" },
    });
  });
});

describe("golden: nested request bodies", () => {
  it("reports fields as the client sent them, without the request's wrapper field", () => {
    const res = translateFailure(
      invalidRequest([{ field: "policy.name", rule: "required", expected_type: "string" }]),
      "legacy",
      { ...facts, fieldPrefix: "policy." },
    );
    expect(res.body.detail).toEqual([{ loc: ["body", "name"], msg: "field required", type: "value_error.missing" }]);
    expect(res.body.error.message).toBe("Required field 'name' is missing");
  });
});
