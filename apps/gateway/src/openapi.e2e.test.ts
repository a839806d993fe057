import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { startTestPlatform, type TestPlatform, type TestResponse } from "@platform/testing-platform";

/**
 * The document served at /openapi.json is valid OpenAPI 3.1, and the platform's real
 * answers match it: every response below is validated against the schema the document
 * gives for its path, method and status.
 */
describe("/openapi.json against the running platform", () => {
  let platform: TestPlatform;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  let ajv: Ajv2020;
  let checked = 0;
  const seen = new Set<string>();

  function operationOf(method: string, path: string): { template: string; op: Record<string, unknown> } {
    const templates = Object.keys(doc.paths).sort(
      (a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0),
    );
    for (const template of templates) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      const op = doc.paths[template][method.toLowerCase()];
      if (pattern.test(path) && op) return { template, op };
    }
    throw new Error(`${method} ${path} is not in the document`);
  }

  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

  /** Validates one answer against the document; returns it for further assertions. */
  async function call(
    method: string,
    path: string,
    options: Parameters<TestPlatform["call"]>[2] = {},
  ): Promise<TestResponse> {
    const res = await platform.call(method, path, options);
    const { template, op } = operationOf(method, path.split("?")[0]!);
    const responses = op["responses"] as Record<string, { $ref?: string; content?: unknown }>;
    const documented = responses[String(res.status)];
    expect(documented, `${method} ${template} answered ${res.status}, which the document does not list`).toBeDefined();
    seen.add(`${method} ${template}`);
    if (res.status === 204) return res;
    const location = documented!.$ref
      ? `doc#/${pointer("components", "responses", documented!.$ref.split("/").pop()!, "content", "application/json", "schema")}`
      : `doc#/${pointer("paths", template, method.toLowerCase(), "responses", String(res.status), "content", "application/json", "schema")}`;
    const validate = ajv.compile({ $ref: location });
    const valid = validate(res.body);
    expect(
      valid ? [] : validate.errors,
      `${method} ${path} ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
    ).toEqual([]);
    checked += 1;
    return res;
  }

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("is served as JSON and validates as OpenAPI 3.1", async () => {
    const res = await fetch(`${platform.gateway.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    doc = await res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const format of ["int32", "int64", "uint64", "double", "float"]) ajv.addFormat(format, true);
    ajv.addSchema(doc, "doc");
  });

  it("describes what the platform really answers, on both families", async () => {
    const signup = await call("POST", "/api/auth/signup", {
      body: { organization_name: "Docs", email: "docs@acme.test", password: "s3cure-pass!" },
    });
    const admin = { authorization: `Bearer ${signup.body.access_token}` };
    await call("POST", "/api/v1/auth/login", { body: { email: "docs@acme.test", password: "s3cure-pass!" } });
    await call("GET", "/api/auth/me", { headers: admin });
    await call("GET", "/api/actions");
    await call("GET", "/api/actions/123456", { headers: admin });
    await call("POST", "/api/registry/agents", { headers: admin, body: { agent_id: "x" } });
    await call("POST", "/api/v1/registry/agents", { headers: admin, body: { agent_type: "trading" } });
    await call("POST", "/api/v1/registry/agents", {
      headers: { ...admin, "content-type": "application/json" },
      rawBody: "{not json",
    });
    const key = (await call("POST", "/api/keys", { headers: admin, body: { name: "agent" } })).body.key;
    const agent = { "x-api-key": key };
    await call("GET", "/api/keys/list", { headers: admin });
    const user = await call("POST", "/api/users", {
      headers: admin,
      body: { email: "m@acme.test", password: "pass-word-1", role: "manager" },
    });
    await call("GET", "/api/v1/users", { headers: admin });
    await call("PATCH", `/api/users/${user.body.id}`, { headers: admin, body: { full_name: "Manny" } });
    await call("GET", "/api/organization", { headers: admin });
    await call("PATCH", "/api/organization/limits", { headers: admin, body: { requests_per_hour: 5000 } });
    await call("POST", "/api/registry/agents", {
      headers: agent,
      body: { agent_id: "docs-bot", agent_type: "trading" },
    });
    await call("GET", "/api/registry/agents", { headers: admin });
    await call("PATCH", "/api/registry/agents/docs-bot", { headers: admin, body: { name: "Docs bot" } });
    await call("PUT", "/api/registry/agents/docs-bot/governance", {
      headers: admin,
      body: { rate_limits: { per_minute: 100 }, max_daily_usd: 10000 },
    });
    await call("POST", "/api/agents/health/heartbeat", {
      headers: agent,
      body: { agent_id: "docs-bot", sdk_version: "1.0.0" },
    });
    await call("GET", "/api/agents/health/docs-bot", { headers: agent });
    await call("GET", "/api/sdk/kill-switch/status?agent_id=docs-bot", { headers: agent });
    await call("POST", "/api/registry/mcp-servers", {
      headers: admin,
      body: { name: "fs", url: "http://127.0.0.1:1", transport: "http" },
    });
    await call("GET", "/api/registry/mcp-servers", { headers: admin });
    await call("DELETE", "/api/registry/mcp-servers/fs", { headers: admin });
    const auto = await call("POST", "/api/actions", {
      headers: agent,
      body: { agent_id: "docs-bot", action_type: "read_file", resource: "r.csv" },
    });
    const pending = await call("POST", "/api/v1/actions/submit", {
      headers: agent,
      body: {
        agent_id: "docs-bot",
        action_type: "transfer",
        risk_score: 75,
        estimated_cost_usd: 10,
        tool_name: "bank",
      },
    });
    expect(pending.status).toBe(202);
    await call("POST", `/api/actions/${pending.body.id}/approve`, { headers: agent, body: { comment: "mine" } });
    await call("GET", "/api/approvals/pending", { headers: admin });
    await call("GET", `/api/v1/actions/${pending.body.id}/status`, { headers: agent });
    await call("GET", "/api/actions?status=pending_approval", { headers: agent });
    await call("POST", `/api/actions/${auto.body.id}/execute`, { headers: agent, body: {} });
    await call("POST", "/api/governance/policies/evaluate-realtime", {
      headers: agent,
      body: { action_type: "transfer", estimated_cost_usd: 5 },
    });
    await call("POST", "/api/v1/governance/policies/evaluate-realtime", {
      headers: admin,
      body: {
        action_type: "transfer",
        estimated_cost_usd: 5,
        draft_rule: { name: "draft", expression: "action.estimated_cost_usd > 1.0", effect: "require_approval" },
        draft_policy: { name: "draft", effect: "allow", conditions: { action_types: ["read"] } },
      },
    });
    await call("POST", "/api/governance/policies/evaluate-realtime", {
      headers: admin,
      body: { action_type: "transfer", draft_rule: { name: "typo", expression: "action.cost > 1", effect: "deny" } },
    });
    await call("GET", "/api/v1/registry/agents/docs-bot/budget", { headers: admin });
    await call("GET", "/api/registry/agents/no-such-bot/budget", { headers: admin });
    const policy = await call("POST", "/api/policies", {
      headers: admin,
      body: { name: "no-deletes", effect: "deny", conditions: { action_types: ["delete"] } },
    });
    await call("GET", "/api/policies", { headers: admin });
    await call("PUT", `/api/policies/${policy.body.id}`, {
      headers: admin,
      body: { name: "no-deletes", effect: "deny", priority: 5 },
    });
    await call("POST", "/api/smart-rules", {
      headers: admin,
      body: { name: "typo", expression: "action.action_type ==", effect: "deny" },
    });
    await call("POST", "/api/v1/smart-rules", {
      headers: admin,
      body: { name: "typo", expression: "action.action_type ==", effect: "deny" },
    });
    const rule = await call("POST", "/api/smart-rules", {
      headers: admin,
      body: {
        name: "big",
        expression: "action.estimated_cost_usd > 1000000",
        effect: "require_approval",
        required_level: 3,
      },
    });
    await call("GET", `/api/smart-rules/${rule.body.id}`, { headers: admin });
    await call("DELETE", `/api/smart-rules/${rule.body.id}`, { headers: admin });
    await call("GET", "/api/approvals/settings", { headers: admin });
    await call("PUT", "/api/approvals/settings", { headers: admin, body: { approval_deadline_seconds: 7200 } });
    await call("POST", "/api/registry/agents/docs-bot/kill", { headers: admin, body: { reason: "docs" } });
    await call("POST", "/api/actions", { headers: agent, body: { agent_id: "docs-bot", action_type: "read_file" } });
    await call("POST", "/api/registry/agents/docs-bot/reactivate", { headers: admin, body: { reason: "docs" } });
    await call("GET", "/api/audit?limit=5", { headers: admin });
    await call("GET", "/api/audit/verify", { headers: admin });
    const endpoint = await call("POST", "/api/v1/notification-endpoints", {
      headers: admin,
      body: { kind: "webhook", url: "http://127.0.0.1:9/hooks", events: ["action.pending"] },
    });
    await call("POST", "/api/notification-endpoints", {
      headers: admin,
      body: { kind: "webhook", url: "ftp://x.test/" },
    });
    await call("GET", "/api/v1/notification-endpoints", { headers: admin });
    await call("GET", `/api/v1/notification-endpoints/${endpoint.body.id}`, { headers: admin });
    await call("PATCH", `/api/v1/notification-endpoints/${endpoint.body.id}`, {
      headers: admin,
      body: { enabled: false },
    });
    await call("POST", `/api/v1/notification-endpoints/${endpoint.body.id}/rotate-secret`, { headers: admin });
    await call("POST", `/api/v1/notification-endpoints/${endpoint.body.id}/test`, { headers: admin });
    await call("GET", `/api/v1/notification-endpoints/${endpoint.body.id}/deliveries?limit=5`, { headers: admin });
    await call("DELETE", `/api/v1/notification-endpoints/${endpoint.body.id}`, { headers: admin });
    await call("GET", `/api/v1/notification-endpoints/${endpoint.body.id}`, { headers: admin });
    await call("GET", "/api/deployment-info");
    await call("GET", "/health");
    await call("GET", "/ready");
    await call(
      "DELETE",
      `/api/keys/${(await platform.call("GET", "/api/keys/list", { headers: admin })).body.items[0].id}`,
      { headers: admin },
    );
    expect(checked).toBeGreaterThanOrEqual(45);
    expect(seen.size).toBeGreaterThanOrEqual(45);
  }, 60_000);

  it("renders /docs from the bundled Swagger UI, offline", async () => {
    const page = await fetch(`${platform.gateway.url}/docs`);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${platform.gateway.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await fetch(`${platform.gateway.url}/docs/init.js`)).status).toBe(200);
    expect((await fetch(`${platform.gateway.url}/docs/package.json`)).status).toBe(404);
  });
});
