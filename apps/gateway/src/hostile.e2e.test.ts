import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "./routes/index.js";
import { AGENT_ROUTES } from "./routes/guard.js";
import type { Route } from "./routes/route.js";
import {
  badPathSegments,
  badQueries,
  badValues,
  nested,
  rawBodies,
  wrongTypeBodies,
} from "./testing/hostile-inputs.js";
import { startTestPlatform, type DatabaseKind, type TestPlatform } from "@platform/testing-platform";

const kinds: DatabaseKind[] = process.env["TEST_DATABASE_URL"] ? ["sqlite", "postgresql"] : ["sqlite"];
if (!process.env["TEST_DATABASE_URL"])
  console.warn("TEST_DATABASE_URL is not set: the PostgreSQL run of the hostile sweep is skipped");
const families = ["/api", "/api/v1"] as const;

/** A valid body of every write route (keyed `METHOD path`), which the sweep then breaks field by field. */
const validBodies: Record<string, Record<string, unknown>> = {
  "POST /auth/signup": {
    organization_name: "Sweep Org",
    email: "sweep-signup@hostile.test",
    password: "pass-word-99",
    full_name: "S",
  },
  "POST /auth/login": { email: "nobody@hostile.test", password: "wrong-password", mfa_code: "123456" },
  "POST /auth/token": { email: "nobody@hostile.test", password: "wrong-password" },
  "POST /auth/refresh": { refresh_token: "not-a-refresh-token" },
  "POST /auth/logout": {},
  "POST /auth/mfa/setup": {},
  "POST /auth/mfa/verify": { code: "000000" },
  "POST /keys": { name: "sweep-key", role: "user", expires_at: "2099-01-01T00:00:00Z" },
  "POST /keys/generate": { name: "sweep-key-2", role: "agent" },
  "POST /users": { email: "sweep-user@hostile.test", password: "pass-word-77", role: "user", full_name: "U" },
  "PATCH /users/:id": { role: "user", full_name: "Target" },
  "PATCH /organization/limits": { requests_per_hour: 100_000, requests_per_day: 1_000_000 },
  "POST /registry/agents": {
    agent_id: "sweep-new-agent",
    agent_type: "bot",
    name: "n",
    description: "d",
    display_name: "D",
    environment: "prod",
    capabilities: ["a"],
    allowed_resources: ["r/*"],
    sdk_version: "1.0.0",
    metadata: { team: "x" },
  },
  "PATCH /registry/agents/:agent_id": { agent_type: "bot", name: "victim", description: "d" },
  "POST /registry/agents/:agent_id/kill": { reason: "sweep" },
  "POST /registry/agents/:agent_id/reactivate": { reason: "sweep" },
  "PUT /registry/agents/:agent_id/governance": {
    rate_limits: { per_minute: 1000, per_hour: 10000 },
    max_daily_usd: 1_000_000,
    allowed_window: { start_time: "00:00", end_time: "23:59", timezone: "UTC", days: [1, 2, 3, 4, 5, 6, 7] },
  },
  "POST /registry/mcp-servers": { name: "sweep-mcp", url: "https://mcp.example/x", transport: "http", tools: ["read"] },
  "POST /actions": {
    agent_id: "sweep-agent",
    action_type: "read",
    risk_score: 10,
    risk_level: "low",
    estimated_cost_usd: 1,
    resource: "docs/a",
    parameters: { q: "x" },
  },
  "POST /actions/submit": {
    agent_id: "sweep-agent",
    action_type: "data_access",
    resource: "docs/a",
    resource_id: "1",
    action_details: { amount: 1 },
    parameters: { q: 1 },
    context: { user: "x" },
    risk_indicators: { pii: false },
    description: "d",
    tool_name: "t",
    agent_name: "n",
  },
  "POST /actions/:id/approve": { comment: "ok" },
  "POST /actions/:id/reject": { comment: "no" },
  "POST /actions/:id/execute": { comment: "done" },
  "POST /agent-action/:id/complete": { comment: "done" },
  "POST /agent-action/:id/fail": { error: { code: "E", message: "m" } },
  "POST /policies": {
    name: "sweep-policy",
    description: "d",
    effect: "require_approval",
    required_level: 2,
    priority: 10,
    enabled: true,
    conditions: {
      action_types: ["wire"],
      agent_ids: ["sweep-agent"],
      agent_types: ["bot"],
      resource_patterns: ["x/*"],
      min_risk_score: 0,
      max_risk_score: 100,
      min_cost_usd: 0,
    },
  },
  "PUT /policies/:id": { name: "sweep-policy-2", effect: "allow", conditions: { action_types: ["read"] } },
  "POST /smart-rules": {
    name: "sweep-rule",
    description: "d",
    expression: 'action.action_type == "wire"',
    effect: "alert",
    required_level: 1,
    enabled: true,
  },
  "PUT /smart-rules/:id": { name: "sweep-rule-2", expression: "action.risk_score > 90", effect: "alert" },
  "PUT /approvals/settings": { approval_deadline_seconds: 86_400 },
  // Port 9 (discard) on loopback: whatever the sweep creates is refused at once, never looked up in DNS.
  "POST /notification-endpoints": {
    kind: "webhook",
    url: "http://127.0.0.1:9/sweep",
    name: "sweep-hook",
    events: ["action.pending"],
    enabled: true,
  },
  "PATCH /notification-endpoints/:id": { name: "sweep-hook-2", url: "http://127.0.0.1:9/other", enabled: true },
  "POST /notification-endpoints/:id/rotate-secret": {},
  "POST /notification-endpoints/:id/test": {},
  "POST /agents/health/heartbeat": {
    agent_id: "sweep-agent",
    sdk_version: "1.0.0",
    status: "healthy",
    metadata: { cpu: 1 },
  },
  "POST /organization/kill-switch": { active: false, reason: "sweep" },
  "POST /governance/policies/evaluate-realtime": {
    action_type: "read",
    resource: "docs/a",
    risk_score: 10,
    context: { a: 1 },
    agent_id: "sweep-agent",
  },
};

/** Routes only admins may call (api-contract section 7), beside what the role checks of agents add. */
const adminOnly = new Set([
  "POST /users",
  "GET /users",
  "GET /users/:id",
  "PATCH /users/:id",
  "DELETE /users/:id",
  "POST /keys",
  "POST /keys/generate",
  "GET /keys/list",
  "DELETE /keys/:id",
  "DELETE /keys/:id/revoke",
  "GET /organization",
  "PATCH /organization/limits",
  "POST /organization/kill-switch",
  "POST /registry/agents/:agent_id/kill",
  "POST /registry/agents/:agent_id/reactivate",
  "PUT /registry/agents/:agent_id/governance",
  "POST /registry/mcp-servers",
  "GET /registry/mcp-servers",
  "GET /registry/mcp-servers/:name",
  "DELETE /registry/mcp-servers/:name",
  "POST /policies",
  "PUT /policies/:id",
  "DELETE /policies/:id",
  "POST /smart-rules",
  "PUT /smart-rules/:id",
  "DELETE /smart-rules/:id",
  "GET /audit",
  "GET /audit/verify",
  "PUT /approvals/settings",
  "POST /notification-endpoints",
  "GET /notification-endpoints",
  "GET /notification-endpoints/:id",
  "PATCH /notification-endpoints/:id",
  "DELETE /notification-endpoints/:id",
  "POST /notification-endpoints/:id/rotate-secret",
  "POST /notification-endpoints/:id/test",
  "GET /notification-endpoints/:id/deliveries",
]);

interface Org {
  adminKey: string;
  userToken: string;
  managerToken: string;
  agentKey: string;
  ids: Record<string, string>;
}

interface Outcome {
  status: number;
  headers: Headers;
  text: string;
}

const key = (route: Route) => `${route.method} ${route.path}`;

describe.each(kinds)("hostile input on %s", (kind) => {
  let platform: TestPlatform;
  let a: Org;
  let b: Org;
  const failures: string[] = [];
  let checks = 0;

  /** One request; never throws, so one broken answer cannot hide the others. */
  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): Promise<Outcome> {
    const res = await fetch(`${platform.gateway.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** No 5xx, and every refusal in the documented envelope with X-Request-ID; answers the parsed body. */
  function check(label: string, res: Outcome): Record<string, unknown> | undefined {
    checks++;
    const fail = (why: string) => {
      failures.push(`${label}: ${why} (${res.status} ${res.text.slice(0, 120)})`);
    };
    if (res.status >= 500) fail("server error");
    const requestId = res.headers.get("x-request-id");
    if (!requestId) fail("no X-Request-ID");
    let body: Record<string, unknown> | undefined;
    try {
      body = res.text ? (JSON.parse(res.text) as Record<string, unknown>) : undefined;
    } catch {
      fail("body is not JSON");
    }
    if (res.status >= 400) {
      const error = body?.["error"] as { code?: unknown; message?: unknown } | undefined;
      const meta = body?.["meta"] as { request_id?: unknown } | undefined;
      if (
        body?.["status"] !== "error" ||
        typeof error?.code !== "string" ||
        typeof error.message !== "string" ||
        body["detail"] === undefined
      )
        fail("not the error envelope");
      else if (meta?.request_id !== requestId) fail("meta.request_id differs from X-Request-ID");
    }
    return body;
  }

  function expectCode(
    label: string,
    res: Outcome,
    body: Record<string, unknown> | undefined,
    statuses: number[],
    code: string,
    field?: string,
  ) {
    const error = body?.["error"] as { code?: string; details?: { field?: string; fields?: string[] } } | undefined;
    if (!statuses.includes(res.status) || error?.code !== code) {
      failures.push(`${label}: expected ${statuses.join("/")} ${code}, got ${res.status} ${error?.code}`);
    } else if (
      field !== undefined &&
      !(error.details?.fields ?? [error.details?.field]).some((f) => f === field || f?.startsWith(`${field}.`))
    ) {
      failures.push(`${label}: expected the error to name '${field}', got ${JSON.stringify(error.details)}`);
    }
  }

  async function json(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await send(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
    return { ...res, body: res.text ? JSON.parse(res.text) : undefined };
  }

  async function makeOrg(name: string): Promise<Org> {
    const signup = await json(
      "POST",
      "/api/auth/signup",
      {},
      { organization_name: name, email: `admin@${name}.test`, password: "pass-word-12" },
    );
    const admin = { authorization: `Bearer ${signup.body.access_token}` };
    await json("PATCH", "/api/organization/limits", admin, { requests_per_hour: 100_000, requests_per_day: 1_000_000 });
    const adminKey = (await json("POST", "/api/keys", admin, { name: "admin-key", role: "admin" })).body.key as string;
    const agentKey = (await json("POST", "/api/keys", admin, { name: "agent-key" })).body.key as string;
    const k = { "x-api-key": adminKey };
    const tokenOf = async (role: string) => {
      await json("POST", "/api/users", k, { email: `${role}@${name}.test`, password: "pass-word-13", role });
      return (await json("POST", "/api/auth/login", {}, { email: `${role}@${name}.test`, password: "pass-word-13" }))
        .body.access_token as string;
    };
    const userToken = await tokenOf("user");
    const managerToken = await tokenOf("manager");
    const target = await json("POST", "/api/users", k, {
      email: `target@${name}.test`,
      password: "pass-word-14",
      role: "user",
    });
    for (const agentId of ["sweep-agent", `victim-${name}`])
      await json("POST", "/api/registry/agents", k, { agent_id: agentId, agent_type: "bot" });
    const sweepKey = await json("POST", "/api/keys", k, { name: "to-revoke", role: "user" });
    const pending = await json(
      "POST",
      "/api/actions",
      { "x-api-key": agentKey },
      { agent_id: "sweep-agent", action_type: "transfer", risk_score: 75 },
    );
    const policy = await json("POST", "/api/policies", k, {
      name: "p",
      effect: "allow",
      conditions: { action_types: ["noop"] },
    });
    const rule = await json("POST", "/api/smart-rules", k, {
      name: "r",
      expression: 'action.action_type == "noop"',
      effect: "alert",
    });
    const endpoint = await json("POST", "/api/v1/notification-endpoints", k, {
      kind: "webhook",
      url: "http://127.0.0.1:9/hook",
      name: `hook-${name}`,
    });
    await json("POST", "/api/registry/mcp-servers", k, {
      name: `mcp-${name}`,
      url: `https://user:secret-${name}@mcp.example/x`,
      transport: "http",
    });
    return {
      adminKey,
      userToken,
      managerToken,
      agentKey,
      ids: {
        user: target.body.id,
        key: sweepKey.body.id,
        action: String(pending.body.id),
        policy: policy.body.id,
        rule: rule.body.id,
        endpoint: endpoint.body.id,
        agent: `victim-${name}`,
        mcp: `mcp-${name}`,
      },
    };
  }

  /** A concrete path for a route pattern, with the org's ids. */
  function pathOf(route: Route, org: Org, family: string, lastParam?: string): string {
    const id = route.path.startsWith("/users")
      ? org.ids["user"]
      : route.path.startsWith("/keys")
        ? org.ids["key"]
        : route.path.startsWith("/policies")
          ? org.ids["policy"]
          : route.path.startsWith("/smart-rules")
            ? org.ids["rule"]
            : route.path.startsWith("/notification-endpoints")
              ? org.ids["endpoint"]
              : org.ids["action"];
    const values: Record<string, string> = { id: id!, agent_id: org.ids["agent"]!, name: org.ids["mcp"]! };
    const filled = route.path.replace(/:([a-z_]+)/g, (_m, name: string) => lastParam ?? values[name]!);
    return route.unversioned ? filled : `${family}${filled}`;
  }

  /** Runs requests a few at a time: quicker than one by one, gentle on two cores. */
  async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>, size = 6) {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
  }

  let routes: Route[];
  beforeAll(async () => {
    // PostgreSQL runs as production does: with Redis counters when TEST_REDIS_URL is given.
    platform = await startTestPlatform(kind, kind === "postgresql" ? process.env["TEST_REDIS_URL"] : undefined);
    routes = allRoutes(platform.urls);
    a = await makeOrg(`hostile-a-${kind}`);
    b = await makeOrg(`hostile-b-${kind}`);
  }, 120_000);
  afterAll(async () => {
    console.info(`hostile sweep on ${kind}: ${checks} requests checked`);
    await platform?.stop();
  });

  it("has a valid body for every write route, so the sweep covers them all", () => {
    const writes = routes.filter((r) => ["POST", "PUT", "PATCH"].includes(r.method)).map(key);
    expect(writes.filter((w) => !(w in validBodies))).toEqual([]);
  });

  it("every write route: bodies of the wrong JSON type are 422 VALIDATION_ERROR, malformed JSON 400 INVALID_JSON", async () => {
    failures.length = 0;
    const cases = routes
      .filter((r) => ["POST", "PUT", "PATCH"].includes(r.method))
      .flatMap((route) =>
        families.flatMap((family) => [
          ...wrongTypeBodies.map(([name, body]) => ({
            route,
            family,
            name,
            raw: JSON.stringify(body),
            expect: "VALIDATION_ERROR",
          })),
          ...rawBodies.map(([name, raw]) => ({ route, family, name, raw, expect: "any" })),
        ]),
      );
    await inBatches(cases, async (c) => {
      const label = `${c.route.method} ${pathOf(c.route, a, c.family)} ${c.name}`;
      const headers: Record<string, string> = c.route.access === "public" ? {} : { "x-api-key": a.adminKey };
      const res = await send(c.route.method, pathOf(c.route, a, c.family), headers, c.raw);
      const body = check(label, res);
      if (c.expect === "VALIDATION_ERROR") expectCode(label, res, body, [422], "VALIDATION_ERROR");
      // Two raw bodies are valid JSON objects a route may accept; the rest must be refused.
      else if (res.status < 400 && c.name !== "duplicate keys" && c.name !== "prototype keys")
        failures.push(`${label}: accepted (${res.status})`);
    });
    expect(failures.slice(0, 40)).toEqual([]);
  }, 600_000);

  it("every write route: every field with every kind of bad value, no 5xx, NUL and surrogates refused naming the field", async () => {
    failures.length = 0;
    const cases = routes
      .filter((r) => r.method !== "GET" && r.method !== "DELETE")
      .flatMap((route) => {
        const valid = validBodies[key(route)] ?? {};
        const fields = [...Object.keys(valid), "unknown_extra"];
        // Text and nesting cases on both families (their answers differ per family); the rest alternate, to keep the run short.
        return fields.flatMap((field, f) =>
          badValues.flatMap(([name, value], v) =>
            families
              .filter((family, i) => /NUL|surrogate|nested/.test(name) || (f + v) % 2 === i)
              .map((family) => ({ route, family, field, name, body: { ...valid, [field]: value } })),
          ),
        );
      });
    await inBatches(cases, async (c) => {
      const path = pathOf(c.route, a, c.family);
      const label = `${c.route.method} ${path} ${c.field}=${c.name}`;
      const headers: Record<string, string> = c.route.access === "public" ? {} : { "x-api-key": a.adminKey };
      const res = await send(c.route.method, path, headers, JSON.stringify(c.body));
      const body = check(label, res);
      if (/NUL|surrogate/.test(c.name)) {
        expectCode(label, res, body, c.family === "/api" ? [422] : [400], "INVALID_FIELD_VALUE", c.field);
      } else if (c.name === "nested 40 deep" || c.name === "nested 120 deep") {
        expectCode(label, res, body, [422], "VALIDATION_ERROR", c.field);
      }
    });
    // Whatever the sweep switched on is switched off again for the next checks.
    await json("POST", "/api/organization/kill-switch", { "x-api-key": a.adminKey }, { active: false });
    expect(failures.slice(0, 40)).toEqual([]);
    expect(checks).toBeGreaterThan(3_000);
  }, 900_000);

  it("every route: hostile path segments and query strings", async () => {
    failures.length = 0;
    const cases = routes.flatMap((route) =>
      families.flatMap((family) => [
        ...(route.path.includes(":")
          ? badPathSegments.map(([name, segment]) => ({ route, family, name, path: pathOf(route, a, family, segment) }))
          : []),
        // A DELETE with a query must not delete the fixtures the next checks need.
        ...badQueries.map(([name, query]) => ({
          route,
          family,
          name,
          path: `${pathOf(route, a, family, route.method === "DELETE" ? "no-such-thing" : undefined)}?${query}`,
        })),
      ]),
    );
    await inBatches(cases, async (c) => {
      const label = `${c.route.method} ${c.path.slice(0, 120)} ${c.name}`;
      const headers: Record<string, string> = c.route.access === "public" ? {} : { "x-api-key": a.adminKey };
      const res = await send(
        c.route.method,
        c.path,
        headers,
        ["POST", "PUT", "PATCH"].includes(c.route.method) ? JSON.stringify(validBodies[key(c.route)]) : undefined,
      );
      const body = check(label, res);
      if (c.name === "NUL" || c.name === "NUL inside" || c.name === "NUL value" || c.name === "NUL name") {
        const legacy = c.route.unversioned || c.family === "/api";
        if (res.status !== 404 && res.status !== 405)
          expectCode(label, res, body, legacy ? [422] : [400], "INVALID_FIELD_VALUE");
      }
    });
    await json("POST", "/api/organization/kill-switch", { "x-api-key": a.adminKey }, { active: false });
    expect(failures.slice(0, 40)).toEqual([]);
  }, 600_000);

  it("cross-organization: another organization's ids are never found, changed or listed", async () => {
    failures.length = 0;
    const idRoutes = routes.filter((r) => r.path.includes(":"));
    // A's emails and its organization's name: B never sends them, so they may never come back.
    const aMarks = [`@hostile-a-${kind}.test`, `"hostile-a-${kind}"`, `secret-hostile-a-${kind}@`];
    await inBatches(
      idRoutes.flatMap((route) => families.map((family) => ({ route, family }))),
      async ({ route, family }) => {
        const path = pathOf(route, a, family);
        const label = `org B ${route.method} ${path}`;
        // Marked bodies, so a change B got through would show on A's records.
        const body = { ...validBodies[key(route)], name: "from-org-b", full_name: "from-org-b" };
        const res = await send(
          route.method,
          path,
          { "x-api-key": b.adminKey },
          ["POST", "PUT", "PATCH"].includes(route.method) ? JSON.stringify(body) : undefined,
        );
        check(label, res);
        if (res.status < 400) failures.push(`${label}: answered ${res.status}`);
        // An error may echo the id B sent; nothing else of A's may appear (its names, emails, the MCP URL's secret).
        if (aMarks.some((m) => res.text.includes(m))) failures.push(`${label}: leaks A's data`);
      },
    );
    for (const route of routes.filter((r) => r.method === "GET" && !r.path.includes(":"))) {
      const res = await send("GET", pathOf(route, b, "/api"), { "x-api-key": b.adminKey });
      check(`org B GET ${route.path}`, res);
      if (aMarks.some((m) => res.text.includes(m)) || Object.values(a.ids).some((id) => res.text.includes(`"${id}"`)))
        failures.push(`org B GET ${route.path}: lists A's data`);
    }
    const named = await send("GET", "/api/actions", { "x-api-key": b.adminKey, "x-organization-id": "org_of_a" });
    expectCode(
      "X-Organization-ID of another",
      named,
      check("named org", named),
      [403],
      "CROSS_ORGANIZATION_ACCESS_DENIED",
    );
    // A's things are all still there, unchanged.
    const own = await json("GET", `/api/registry/agents/${a.ids["agent"]}`, { "x-api-key": a.adminKey });
    expect(own.status).toBe(200);
    expect(own.body.name).not.toBe("from-org-b");
    expect((await json("GET", `/api/users/${a.ids["user"]}`, { "x-api-key": a.adminKey })).body.full_name).not.toBe(
      "from-org-b",
    );
    expect((await json("GET", `/api/policies/${a.ids["policy"]}`, { "x-api-key": a.adminKey })).body.name).not.toBe(
      "from-org-b",
    );
    expect(failures.slice(0, 40)).toEqual([]);
  }, 300_000);

  it("roles: user, manager and agent credentials never pass an admin-only route; agents only their own routes", async () => {
    failures.length = 0;
    const callers = [
      ["user", { authorization: `Bearer ${a.userToken}` }],
      ["manager", { authorization: `Bearer ${a.managerToken}` }],
      ["agent", { "x-api-key": a.agentKey }],
    ] as const;
    const cases = routes
      .filter((r) => r.access !== "public")
      .flatMap((route) =>
        callers.flatMap(([role, headers]) => families.map((family) => ({ route, role, headers, family }))),
      )
      .filter((c) => adminOnly.has(key(c.route)) || (c.role === "agent" && !AGENT_ROUTES.has(key(c.route))));
    await inBatches(cases, async (c) => {
      const path = pathOf(c.route, a, c.family);
      const label = `${c.role} ${c.route.method} ${path}`;
      const res = await send(
        c.route.method,
        path,
        c.headers,
        ["POST", "PUT", "PATCH"].includes(c.route.method) ? JSON.stringify(validBodies[key(c.route)]) : undefined,
      );
      expectCode(label, res, check(label, res), [403], "INSUFFICIENT_PERMISSIONS");
    });
    expect(failures.slice(0, 40)).toEqual([]);
    // What an agent needs works with an agent key.
    const agent = { "x-api-key": a.agentKey };
    expect(
      (await json("POST", "/api/registry/agents", agent, { agent_id: "self-registered", agent_type: "bot" })).status,
    ).toBe(201);
    expect([200, 202]).toContain(
      (await json("POST", "/api/v1/actions/submit", agent, { agent_id: "self-registered", action_type: "read" }))
        .status,
    );
    expect((await json("GET", "/api/actions", agent)).status).toBe(200);
    expect((await json("GET", "/api/sdk/kill-switch/status?agent_id=self-registered", agent)).status).toBe(200);
    expect(
      (await json("POST", "/api/agents/health/heartbeat", agent, { agent_id: "self-registered", status: "healthy" }))
        .status,
    ).toBe(200);
  }, 300_000);

  it("wrong-type bodies change nothing (issue 12 item 3)", async () => {
    const k = { "x-api-key": a.adminKey };
    await json("PUT", `/api/registry/agents/${a.ids["agent"]}/governance`, k, {
      max_daily_usd: 50,
      rate_limits: { per_minute: 5 },
    });
    await json("POST", `/api/registry/agents/${a.ids["agent"]}/reactivate`, k, { reason: "reset" });
    for (const body of [[], "x", 42, null, true]) {
      for (const family of families) {
        expect((await json("PUT", `${family}/registry/agents/${a.ids["agent"]}/governance`, k, body)).status).toBe(422);
        expect((await json("POST", `${family}/registry/agents/${a.ids["agent"]}/kill`, k, body)).status).toBe(422);
        expect((await json("PATCH", `${family}/users/${a.ids["user"]}`, k, body)).status).toBe(422);
        expect((await json("POST", `${family}/actions/${a.ids["action"]}/execute`, k, body)).status).toBe(422);
        const submit = await json("POST", `${family}/actions/submit`, k, body);
        expect({ status: submit.status, code: submit.body.error.code, field: submit.body.error.details.field }).toEqual(
          { status: 422, code: "VALIDATION_ERROR", field: "" },
        );
        const policy = await json("POST", `${family}/policies`, k, body);
        expect(JSON.stringify(policy.body)).not.toContain("policy.");
      }
    }
    const agent = await json("GET", `/api/registry/agents/${a.ids["agent"]}`, k);
    expect(agent.body.status).toBe("active");
    const settings = await json("PUT", `/api/registry/agents/${a.ids["agent"]}/governance`, k, {
      max_daily_usd: 50,
      rate_limits: { per_minute: 5 },
    });
    expect(settings.body.max_daily_usd).toBe(50);
  }, 120_000);

  it("headers and sizes at the edges: 431 and oversize bodies in the envelope, a broken cookie is 401", async () => {
    for (const family of families) {
      const big = await send("GET", `${family}/actions`, { "x-api-key": a.adminKey, "x-padding": "p".repeat(20_000) });
      expectCode("huge header", big, check("huge header", big), [431], "REQUEST_HEADERS_TOO_LARGE");
      const cookie = await send("GET", `${family}/actions`, { cookie: "session=%E0%A4%A; csrf_token=%" });
      expectCode("broken cookie", cookie, check("broken cookie", cookie), [401], "INVALID_TOKEN");
      const tenMb = await send(
        "POST",
        `${family}/actions`,
        { "x-api-key": a.adminKey },
        Buffer.alloc(10 * 1024 * 1024, "a"),
      );
      expectCode("10 MB body", tenMb, check("10 MB body", tenMb), [422], "VALIDATION_ERROR");
    }
    const raw = await rawHttp("GET /api/actions HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/x-request-id: req_/i);
    expect(raw).toContain('"code":"MALFORMED_REQUEST"');
    expect(failures).toEqual([]);
  }, 120_000);

  it("hostile credentials are 401 in the envelope, never a field error about internals", async () => {
    failures.length = 0;
    const cases: [string, Record<string, string>][] = [
      ["long API key", { "x-api-key": `owkai_admin_${"a".repeat(6000)}` }],
      ["empty API key", { "x-api-key": "" }],
      ["API key of spaces", { "x-api-key": "    " }],
      ["non-ASCII API key", { "x-api-key": "owkai_admin_\u00e9\u00e9\u00e9" }],
      ["two API keys", { "x-api-key": `${a.adminKey}, ${b.adminKey}` }],
      ["long JWT", { authorization: `Bearer ${"a".repeat(3000)}.${"b".repeat(3000)}.${"c".repeat(100)}` }],
      [
        "JWT with alg none",
        {
          authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x"}').toString("base64url")}.`,
        },
      ],
      ["garbage bearer", { authorization: "Bearer !!!" }],
      ["basic auth", { authorization: "Basic YWRtaW46YWRtaW4=" }],
      ["bearer without value", { authorization: "Bearer" }],
      ["long session cookie", { cookie: `session=${"x".repeat(6000)}` }],
      ["cookie of another shape", { cookie: "session; =; ==; session==" }],
    ];
    for (const family of families) {
      for (const [name, headers] of cases) {
        const res = await send("GET", `${family}/actions`, headers);
        const body = check(`${family} ${name}`, res);
        if (res.status !== 401)
          failures.push(
            `${family} ${name}: expected 401, got ${res.status} ${(body?.["error"] as { code?: string } | undefined)?.code}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it("path tricks and odd methods: never a 5xx, always the envelope", async () => {
    failures.length = 0;
    const k = { "x-api-key": a.adminKey };
    const paths = [
      "//api//actions",
      "/api/./actions",
      "/api/actions/../users",
      "/API/actions",
      "/api/v2/actions",
      "/api/v1/v1/actions",
      "/api/actions%2F1",
      `/api/${"a/".repeat(2000)}`,
      "/api/actions/%2e%2e/%2e%2e/etc/passwd",
      "/api/actions?",
      "/api/actions#frag",
      "/%00",
      "/api/%FF",
    ];
    for (const path of paths) check(`GET ${path}`, await send("GET", path, k));
    for (const method of ["HEAD", "OPTIONS", "PROPFIND", "PURGE"]) {
      const res = await send(method, "/api/actions", k);
      if (res.status >= 500 || !res.headers.get("x-request-id")) failures.push(`${method}: ${res.status}`);
    }
    for (const raw of [
      "TRACE /api/actions HTTP/1.1\r\nHost: x\r\n\r\n",
      "FOO /api/actions HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/actions HTTP/9.9\r\nHost: x\r\n\r\n",
      "POST /api/actions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /api/actions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde",
      "GET /api/actions\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
    ]) {
      const answer = await rawHttp(raw);
      const status = Number(answer.slice(9, 12));
      if (!(status >= 400 && status < 500) || !/x-request-id: /i.test(answer))
        failures.push(`${JSON.stringify(raw.slice(0, 40))}: ${answer.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it("an agent cannot choose its own risk, and the SDKs' amounts count (items 7 and 13)", async () => {
    const agent = { "x-api-key": a.agentKey };
    await json("POST", "/api/registry/agents", agent, { agent_id: "risk-bot", agent_type: "trading" });
    for (const family of families) {
      const lowered = await json("POST", `${family}/actions`, agent, {
        agent_id: "risk-bot",
        action_type: "transfer",
        estimated_cost_usd: 2500,
        risk_score: 0,
        risk_level: "low",
      });
      expect(lowered.status).toBe(202);
      expect(lowered.body).toMatchObject({
        status: "pending_approval",
        risk_score: 70,
        risk_level: "high",
        required_level: 2,
      });
      expect(lowered.body.risk_factors).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "client_risk_score", points: 0 })]),
      );
      const sdk = await json("POST", `${family}/actions/submit`, agent, {
        agent_id: "risk-bot",
        agent_name: "Risk Bot",
        action_type: "transaction",
        resource: "ledger",
        action_details: { amount: 250_000 },
      });
      expect(sdk.status).toBe(202);
      expect(sdk.body.risk_factors.map((f: { name: string }) => f.name)).toEqual(["action_type", "amount"]);
      expect(sdk.body).toMatchObject({ risk_score: 90, risk_level: "critical" });
    }
  });

  it("rules with typos are refused when saved: CEL fields and policy condition keys (item 9)", async () => {
    const k = { "x-api-key": a.adminKey };
    for (const family of families) {
      const rule = await json("POST", `${family}/smart-rules`, k, {
        name: `typo-${family}`,
        expression: "action.cost_usd > 100.0",
        effect: "deny",
      });
      expect({ status: rule.status, code: rule.body.error.code, field: rule.body.error.details.field }).toEqual({
        status: 422,
        code: "VALIDATION_ERROR",
        field: "expression",
      });
      expect(JSON.stringify(rule.body.detail)).toContain("unknown field 'action.cost_usd'");
      const policy = await json("POST", `${family}/policies`, k, {
        name: `typo-${family}`,
        effect: "deny",
        conditions: { action_type: ["wire"] },
      });
      expect({ status: policy.status, code: policy.body.error.code, field: policy.body.error.details.field }).toEqual({
        status: 422,
        code: "VALIDATION_ERROR",
        field: "conditions.action_type",
      });
    }
    const names = (await json("GET", "/api/smart-rules", k)).body.items.map((r: { name: string }) => r.name);
    expect(names.filter((n: string) => n.startsWith("typo-"))).toEqual([]);
  });

  it("parameters just under the nesting limit reach the services and come back", async () => {
    const res = await json(
      "POST",
      "/api/v1/actions",
      { "x-api-key": a.agentKey },
      { agent_id: "sweep-agent", action_type: "read", parameters: nested(30) as object },
    );
    expect(res.status).toBeLessThan(300);
    expect(JSON.stringify(res.body.parameters)).toContain("leaf");
  });

  /** Sends bytes no fetch client would, and answers the raw response. */
  function rawHttp(text: string): Promise<string> {
    const url = new URL(platform.gateway.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
      let out = "";
      socket.on("data", (d: Buffer) => (out += d.toString("utf8")));
      socket.on("close", () => resolve(out));
      socket.on("error", reject);
    });
  }
});
