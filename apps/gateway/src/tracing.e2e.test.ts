import { setupInMemoryTracing } from "@platform/telemetry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

const tracing = setupInMemoryTracing();

/**
 * One trace, and so one correlation id, from the HTTP request through every service
 * it touched (api-contract section 4), proven with the SDK's in-memory exporter.
 */
describe("one trace across the gateway and the services", () => {
  let platform: TestPlatform;
  let headers: Record<string, string>;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Trace", email: "t@trace.test", password: "pass-word-3" },
    });
    headers = { authorization: `Bearer ${signup.body.access_token}` };
    await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "traced-agent", agent_type: "test" },
      headers,
    });
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("a client traceparent is continued by the gateway and every service an action touches, in two hops when warm", async () => {
    // The first submission fills the gateway's and governance's copies of the caller and the agent.
    await platform.call("POST", "/api/actions", {
      body: { agent_id: "traced-agent", action_type: "read_file" },
      headers,
    });
    tracing.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await platform.call("POST", "/api/actions", {
      body: { agent_id: "traced-agent", action_type: "read_file" },
      headers: { ...headers, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-correlation-id")).toBe(traceId);
    expect(res.body.correlation_id).toBe(traceId);

    await new Promise((r) => setTimeout(r, 50)); // server spans end just after the response is written
    const spans = tracing.exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const names = spans.map((s) => s.name);
    expect(names).toContain("POST /api/actions");
    for (const rpc of [
      "platform.governance.v1.GovernanceService/SubmitAction",
      "platform.approval.v1.ApprovalService/RecordActions",
    ]) {
      // Each hop appears twice: the caller's CLIENT span and the service's SERVER span.
      expect(names.filter((n) => n === rpc)).toHaveLength(2);
    }
    // The warm path is gateway -> governance -> approval: the caller and the agent come from memory,
    // and the decision reaches approval in a RecordActions batch (of one here).
    expect(names.filter((n) => n.startsWith("platform.")).sort()).toEqual([
      "platform.approval.v1.ApprovalService/RecordActions",
      "platform.approval.v1.ApprovalService/RecordActions",
      "platform.governance.v1.GovernanceService/SubmitAction",
      "platform.governance.v1.GovernanceService/SubmitAction",
    ]);
    const gatewaySpan = spans.find((s) => s.name === "POST /api/actions")!;
    expect(gatewaySpan.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
  });

  it("without a traceparent the trace id is the correlation id, in the body and in every span", async () => {
    tracing.reset();
    const res = await platform.call("GET", "/api/actions/act_missing", { headers });
    expect(res.status).toBe(404);
    const correlationId = res.headers.get("x-correlation-id")!;
    expect(res.body.meta.correlation_id).toBe(correlationId);
    await new Promise((r) => setTimeout(r, 50));
    const traceIds = new Set(tracing.exporter.getFinishedSpans().map((s) => s.spanContext().traceId));
    expect([...traceIds]).toEqual([correlationId]);
  });
});
