import { runService, type RunningService } from "@platform/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceDefinitions, startTestPlatform, TEST_JWT_SECRET, type TestPlatform } from "@platform/testing-platform";

/**
 * Issue 13 points 4 and 5: changes that must reach approval (audit entries of auth and
 * registry changes, pending approvals ended by a kill switch) are not lost while
 * approval is down: they are answered, kept in the sender's outbox, and delivered
 * once approval is back, each once, in order, with the audit chain intact.
 */
describe("outbox delivery after approval comes back", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let restarted: RunningService | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Outbox", email: "o@outbox.test", password: "pass-word-5" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          body: { agent_id: "outbox-bot", agent_type: "trading" },
          headers: admin,
        })
      ).status,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await restarted?.stop();
    await platform?.stop();
  });

  async function trail(): Promise<{ event_type: string; data: Record<string, unknown> }[]> {
    const res = await platform.call("GET", "/api/audit?limit=100", { headers: admin });
    return res.status === 200 ? res.body.items : [];
  }

  it("answers the changes while approval is down and appends their entries, once and in order, when it is back", async () => {
    const pending = await platform.call("POST", "/api/actions", {
      body: { agent_id: "outbox-bot", action_type: "transfer", risk_score: 75 },
      headers: admin,
    });
    expect(pending.status).toBe(202);
    const before = await trail();

    const approval = platform.services.approval;
    const { port } = approval.server;
    await approval.stop();

    // Changes on auth and registry succeed although their audit entries cannot be appended now.
    const key = await platform.call("POST", "/api/keys", { body: { name: "while-down" }, headers: admin });
    expect(key.status).toBe(201);
    const limits = await platform.call("PATCH", "/api/organization/limits", {
      body: { requests_per_hour: 900 },
      headers: admin,
    });
    expect(limits.status).toBe(200);
    const killed = await platform.call("POST", "/api/registry/agents/outbox-bot/kill", {
      body: { reason: "runaway" },
      headers: admin,
    });
    expect(killed.status).toBe(200);

    restarted = await runService(
      serviceDefinitions.approval,
      { JWT_SECRET: TEST_JWT_SECRET, APPROVAL_PORT: String(port), GOVERNANCE_URL: platform.urls.governance },
      { handleSignals: false, target: approval.target },
    );

    // Four entries: auth's two, and registry's kill with the pending approval it ended.
    let entries = await trail();
    const deadline = Date.now() + 15_000;
    while (entries.length < before.length + 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      entries = await trail();
    }
    const added = entries
      .slice(0, entries.length - before.length)
      .reverse()
      .map((e) => e.event_type); // oldest first
    expect([...added].sort()).toEqual([
      "action.denied_by_kill_switch",
      "agent.killed",
      "api_key.created",
      "organization.limits_updated",
    ]);
    // Each sender's entries arrive in the order of its changes (two outboxes: no order between them).
    expect(added.indexOf("api_key.created")).toBeLessThan(added.indexOf("organization.limits_updated"));
    expect(added.indexOf("action.denied_by_kill_switch")).toBeLessThan(added.indexOf("agent.killed"));
    expect(entries.find((e) => e.event_type === "agent.killed")!.data).toEqual({
      reason: "runaway",
      denied_pending: 1,
    });
    // The kill switch ended the pending approval once approval was back.
    expect((await platform.call("GET", `/api/actions/${pending.body.id}`, { headers: admin })).body.status).toBe(
      "denied",
    );
    const verified = await platform.call("GET", "/api/audit/verify", { headers: admin });
    expect(verified.body).toMatchObject({ valid: true, problem: null });
  }, 40_000);
});
