import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/**
 * Every validation case of api-contract section 3 on both route families, through
 * the real gateway and services: `/api/...` answers 422 with the first page's
 * `{loc,msg,type}` list, `/api/v1/...` the second page's codes.
 */
describe("validation on both route families", () => {
  let platform: TestPlatform;
  let headers: Record<string, string>;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Val", email: "val@val.test", password: "pass-word-9" },
    });
    headers = { authorization: `Bearer ${signup.body.access_token}` };
    await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "valid-agent", agent_type: "test" },
      headers,
    });
  }, 60_000);
  afterAll(async () => platform?.stop());

  const submit = (family: "/api" | "/api/v1", body: unknown) =>
    platform.call("POST", `${family}/actions`, { body, headers });

  it("missing fields: 422 list on /api, 400 MISSING_REQUIRED_FIELD on /api/v1", async () => {
    const legacy = await submit("/api", {});
    expect(legacy.status).toBe(422);
    expect(legacy.body.detail).toEqual([
      { loc: ["body", "agent_id"], msg: "field required", type: "value_error.missing" },
      { loc: ["body", "action_type"], msg: "field required", type: "value_error.missing" },
    ]);
    expect(legacy.body.error.code).toBe("MISSING_REQUIRED_FIELD");
    const v1 = await submit("/api/v1", {});
    expect(v1.status).toBe(400);
    expect(v1.body.detail).toBe("Missing required fields: agent_id, action_type");
    expect(v1.body.error).toEqual({
      code: "MISSING_REQUIRED_FIELD",
      message: "Missing required fields: agent_id, action_type",
      details: { field: "agent_id", fields: ["agent_id", "action_type"], requirement: "required", type: "string" },
    });
    const one = await submit("/api/v1", { action_type: "read" });
    expect(one.body.error.message).toBe("Required field 'agent_id' is missing");
    expect(one.body.error.details).toEqual({
      field: "agent_id",
      fields: ["agent_id"],
      requirement: "required",
      type: "string",
    });
  });

  it.each([
    [
      "agent_id too short",
      { agent_id: "ab", action_type: "read" },
      "agent_id",
      "ensure this value has at least 3 characters",
      "value_error.any_str.min_length",
    ],
    [
      "agent_id too long",
      { agent_id: "a".repeat(65), action_type: "read" },
      "agent_id",
      "ensure this value has at most 64 characters",
      "value_error.any_str.max_length",
    ],
    [
      "agent_id characters",
      { agent_id: "bad agent!", action_type: "read" },
      "agent_id",
      'string does not match regex "^[A-Za-z0-9._-]+$"',
      "value_error.str.regex",
    ],
    [
      "risk_score above 100",
      { agent_id: "valid-agent", action_type: "read", risk_score: 150 },
      "risk_score",
      "ensure this value is less than or equal to 100",
      "value_error.number.not_le",
    ],
    [
      "risk_score below 0",
      { agent_id: "valid-agent", action_type: "read", risk_score: -1 },
      "risk_score",
      "ensure this value is greater than or equal to 0",
      "value_error.number.not_ge",
    ],
    [
      "risk_level not in the list",
      { agent_id: "valid-agent", action_type: "read", risk_level: "extreme" },
      "risk_level",
      "value is not a valid enumeration member; permitted: 'low', 'medium', 'high', 'critical'",
      "type_error.enum",
    ],
  ])("%s: 422 on /api, 400 INVALID_FIELD_VALUE on /api/v1", async (_name, body, field, msg, type) => {
    const legacy = await submit("/api", body);
    expect({ status: legacy.status, code: legacy.body.error.code, detail: legacy.body.detail }).toEqual({
      status: 422,
      code: "INVALID_FIELD_VALUE",
      detail: [{ loc: ["body", field], msg, type }],
    });
    const v1 = await submit("/api/v1", body);
    expect({ status: v1.status, code: v1.body.error.code, detail: v1.body.detail }).toEqual({
      status: 400,
      code: "INVALID_FIELD_VALUE",
      detail: `Invalid value for field '${field}': ${msg}`,
    });
    expect(v1.body.error.details).toMatchObject({ field, fields: [field] });
  });

  it("an empty action_type is missing", async () => {
    const res = await submit("/api", { agent_id: "valid-agent", action_type: "" });
    expect(res.body.detail).toEqual([
      { loc: ["body", "action_type"], msg: "field required", type: "value_error.missing" },
    ]);
  });

  it.each(["/api", "/api/v1"] as const)("%s: a wrong JSON type is 422 VALIDATION_ERROR", async (family) => {
    const res = await submit(family, { agent_id: "valid-agent", action_type: "read", risk_score: 50.5 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.detail).toEqual(
      family === "/api"
        ? [{ loc: ["body", "risk_score"], msg: "value is not a valid integer", type: "type_error.integer" }]
        : "Request body failed schema validation: 'risk_score' value is not a valid integer",
    );
    const array = await submit(family, [1, 2]);
    expect(array.status).toBe(422);
    expect(array.body.error.code).toBe("VALIDATION_ERROR");
  });

  it.each(["/api", "/api/v1"] as const)("%s: malformed JSON is 400 INVALID_JSON", async (family) => {
    const res = await platform.call("POST", `${family}/actions`, {
      rawBody: '{"agent_id": ',
      headers: { ...headers, "content-type": "application/json" },
    });
    expect({ status: res.status, code: res.body.error.code, detail: res.body.detail }).toEqual({
      status: 400,
      code: "INVALID_JSON",
      detail: "Malformed JSON in request body",
    });
  });

  it("a body over 1 MiB is refused before it reaches a service", async () => {
    const res = await submit("/api", {
      agent_id: "valid-agent",
      action_type: "read",
      resource: "x".repeat(1024 * 1024),
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      { loc: ["body"], msg: "request body exceeds 1048576 bytes", type: "value_error.body.too_large" },
    ]);
  });

  it("an invalid email on signup", async () => {
    const res = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "X", email: "not-an-email", password: "pass-word-9" },
    });
    expect(res.body.detail).toEqual([
      { loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error.email" },
    ]);
  });

  it("query parameters are checked and located in the query", async () => {
    const notInt = await platform.call("GET", "/api/actions?limit=abc", { headers });
    expect(notInt.status).toBe(422);
    expect(notInt.body.detail).toEqual([
      { loc: ["query", "limit"], msg: "value is not a valid integer", type: "type_error.integer" },
    ]);
    const tooMany = await platform.call("GET", "/api/v1/actions?limit=501", { headers });
    expect({ status: tooMany.status, code: tooMany.body.error.code }).toEqual({
      status: 400,
      code: "INVALID_FIELD_VALUE",
    });
    const legacy = await platform.call("GET", "/api/actions?limit=501", { headers });
    expect(legacy.body.detail).toEqual([
      {
        loc: ["query", "limit"],
        msg: "ensure this value is less than or equal to 500",
        type: "value_error.number.not_le",
      },
    ]);
  });

  it("bad input changes nothing", async () => {
    await submit("/api", { agent_id: "ab", action_type: "read" });
    await platform.call("POST", "/api/registry/agents", { body: { agent_id: "no", agent_type: "x" }, headers });
    const actions = await platform.call("GET", "/api/actions", { headers });
    expect(actions.body.items).toEqual([]);
    const agents = await platform.call("GET", "/api/registry/agents", { headers });
    expect(agents.body.items.map((a: { agent_id: string }) => a.agent_id)).toEqual(["valid-agent"]);
  });

  it("unknown routes are 404 with status_code, wrong methods 405 with Allow", async () => {
    const missing = await platform.call("GET", "/api/nothing-here", { headers });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      detail: "Resource not found",
      status_code: 404,
      error: { code: "RESOURCE_NOT_FOUND" },
    });
    const wrong = await platform.call("PUT", "/api/actions", { headers });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect(wrong.body).toMatchObject({ detail: "Method not allowed", error: { code: "METHOD_NOT_ALLOWED" } });
  });

  it("echoes a well-formed client X-Request-ID and replaces a bad one", async () => {
    const echoed = await platform.call("GET", "/health", { headers: { "x-request-id": "client-req.42" } });
    expect(echoed.headers.get("x-request-id")).toBe("client-req.42");
    const replaced = await platform.call("GET", "/health", { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });
});
