import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/** GET /metrics after a day in the life of one agent: every family the issue asks for, from the gateway and the services. */
describe("/metrics", () => {
  let platform: TestPlatform;
  let text: string;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const admin = {
      authorization: `Bearer ${(await platform.call("POST", "/api/auth/signup", { body: { organization_name: "Metrics", email: "m@acme.test", password: "s3cure-pass!" } })).body.access_token}`,
    };
    const key = {
      "x-api-key": (await platform.call("POST", "/api/keys", { headers: admin, body: { name: "bot" } })).body.key,
    };
    await platform.call("POST", "/api/registry/agents", {
      headers: key,
      body: { agent_id: "metered-bot", agent_type: "trading" },
    });
    await platform.call("PUT", "/api/registry/agents/metered-bot/governance", {
      headers: admin,
      body: { max_daily_usd: 100 },
    });
    const submit = (body: object) =>
      platform.call("POST", "/api/actions", { headers: key, body: { agent_id: "metered-bot", ...body } });
    expect((await submit({ action_type: "read_file", estimated_cost_usd: 10 })).status).toBe(200);
    expect((await submit({ action_type: "transfer", risk_score: 75, estimated_cost_usd: 20 })).status).toBe(202);
    expect((await submit({ action_type: "transfer", risk_score: 95, estimated_cost_usd: 5 })).status).toBe(202);
    expect((await submit({ action_type: "read_file", estimated_cost_usd: 500 })).status).toBe(429);
    await platform.call("POST", "/api/registry/agents/metered-bot/kill", { headers: admin, body: { reason: "test" } });
    expect((await submit({ action_type: "read_file" })).status).toBe(403);
    const res = await fetch(`${platform.gateway.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    text = await res.text();
  }, 60_000);
  afterAll(async () => platform?.stop());

  const series = (name: string, labels: Record<string, string>) =>
    text
      .split("\n")
      .filter(
        (line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
      );
  const value = (name: string, labels: Record<string, string>) =>
    series(name, labels)
      .map((line) => Number(line.split(" ").pop()))
      .reduce((a, b) => a + b, 0);

  it("times HTTP requests under the OpenTelemetry semantic-convention name", () => {
    expect(text).toContain("# TYPE http_server_request_duration_seconds histogram");
    expect(
      value("http_server_request_duration_seconds_count", {
        http_request_method: "POST",
        http_route: "/api/actions",
        http_response_status_code: "202",
      }),
    ).toBe(2);
    expect(
      series("http_server_request_duration_seconds_bucket", { http_route: "/api/actions", le: "+Inf" }).length,
    ).toBeGreaterThan(0);
  });

  it("times RPCs on the gateway's clients and in every service", () => {
    expect(text).toContain("# TYPE rpc_client_call_duration_seconds histogram");
    const calls = value("rpc_client_call_duration_seconds_count", {
      rpc_service: "platform.governance.v1.GovernanceService",
      rpc_method: "submitAction",
    });
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(text).toContain("# TYPE rpc_server_call_duration_seconds histogram");
    // Governance receives submissions in SubmitActions batches; these were sent one at a time, so one batch each.
    expect(
      value("rpc_server_call_duration_seconds_count", { service: "governance", rpc_method: "SubmitActions" }),
    ).toBe(calls);
    for (const service of ["auth", "registry", "approval"])
      expect(series("rpc_server_call_duration_seconds_count", { service }).length).toBeGreaterThan(0);
  });

  it("counts decisions by outcome and refusal code", () => {
    expect(value("agp_decisions_total", { outcome: "auto_approved", refusal_code: "none" })).toBe(1);
    expect(value("agp_decisions_total", { outcome: "pending_approval", refusal_code: "none" })).toBe(2);
    expect(value("agp_decisions_total", { outcome: "denied", refusal_code: "BUDGET_EXCEEDED" })).toBe(1);
    expect(value("agp_decisions_total", { outcome: "denied", refusal_code: "KILL_SWITCH_ACTIVE" })).toBe(1);
  });

  it("gauges pending approvals by level from the approval service's database", () => {
    // The kill switch denied the agent's two pending actions (levels 2 and 3).
    expect(series("agp_pending_approvals", { service: "approval", level: "2" })).toEqual([
      'agp_pending_approvals{level="2",service="approval"} 0',
    ]);
    expect(text).toContain("# TYPE agp_pending_approvals gauge");
  });

  it("sums admitted spend and counts 429s by limit kind", () => {
    expect(value("agp_budget_spend_usd_total", { service: "gateway" })).toBe(35);
    expect(value("agp_rate_limited_total", { limit: "budget" })).toBe(1);
  });
});
