import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type DatabaseKind, type TestPlatform } from "@platform/testing-platform";

const kinds: DatabaseKind[] = process.env["TEST_DATABASE_URL"] ? ["sqlite", "postgresql"] : ["sqlite"];

/** The approval workflow's audit trail through the public API (issue 6). */
describe.each(kinds)("audit trail through the gateway (%s)", (kind) => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let actionId: string;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Audit", email: "a@audit.test", password: "pass-word-4" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    await platform.call("POST", "/api/users", {
      body: { email: "m@audit.test", password: "pass-word-5", role: "manager" },
      headers: admin,
    });
    const login = await platform.call("POST", "/api/auth/login", {
      body: { email: "m@audit.test", password: "pass-word-5" },
    });
    manager = { authorization: `Bearer ${login.body.access_token}` };
    await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "audited-bot", agent_type: "ops" },
      headers: admin,
    });
    const submitted = await platform.call("POST", "/api/actions", {
      body: { agent_id: "audited-bot", action_type: "deploy", risk_score: 72 },
      headers: admin,
    });
    actionId = submitted.body.id;
    await platform.call("POST", `/api/actions/${actionId}/approve`, { body: { comment: "ship it" }, headers: manager });
    await platform.call("POST", `/api/actions/${actionId}/execute`, { headers: admin });
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("lists every step of an action with actor, outcome and correlation id, newest first", async () => {
    const res = await platform.call("GET", `/api/audit?action_id=${actionId}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { event_type: string; outcome: string }) => [e.event_type, e.outcome])).toEqual([
      ["action.executed", "completed"],
      ["action.approved", "approved"],
      ["action.decided", "pending_approval"],
    ]);
    for (const entry of res.body.items) {
      expect(entry.correlation_id).toMatch(/^[0-9a-f]{32}$/);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(res.body.items[1].data).toMatchObject({ approver_level: 2, required_level: 2, comment: "ship it" });
  });

  it("filters by actor, outcome and time, and pages", async () => {
    const me = await platform.call("GET", "/api/auth/me", { headers: manager });
    const byActor = await platform.call("GET", `/api/v1/audit?actor=${me.body.id}`, { headers: admin });
    expect(byActor.body.items.map((e: { event_type: string }) => e.event_type)).toEqual(["action.approved"]);
    const byOutcome = await platform.call("GET", "/api/audit?outcome=completed", { headers: admin });
    expect(byOutcome.body.items).toHaveLength(1);
    const future = await platform.call("GET", "/api/audit?since=2999-01-01T00:00:00Z", { headers: admin });
    expect(future.body.items).toEqual([]);
    const first = await platform.call("GET", "/api/audit?limit=1", { headers: admin });
    const second = await platform.call("GET", `/api/audit?limit=1&cursor=${first.body.next_cursor}`, {
      headers: admin,
    });
    expect(second.body.items[0].sequence).toBe(first.body.items[0].sequence - 1);
    const badTime = await platform.call("GET", "/api/audit?since=yesterday", { headers: admin });
    expect(badTime.status).toBe(422);
    expect(badTime.body.detail).toEqual([
      { loc: ["query", "since"], msg: "invalid datetime format", type: "value_error.datetime" },
    ]);
  });

  it("records key and role changes with their actor", async () => {
    const created = await platform.call("POST", "/api/keys", { body: { name: "audited-key" }, headers: admin });
    await platform.call("DELETE", `/api/keys/${created.body.id}`, { headers: admin });
    const me = await platform.call("POST", "/api/users", {
      body: { email: "promoted@audit.test", password: "pass-word-16", role: "user" },
      headers: admin,
    });
    await platform
      .call("PATCH", `/api/users/${me.body.id}`, { body: { role: "senior_admin" }, headers: admin })
      .then((r) => expect(r.status).toBe(403));
    await platform.call("PATCH", `/api/users/${me.body.id}`, { body: { role: "manager" }, headers: admin });
    const trail = await platform.call("GET", "/api/audit?limit=10", { headers: admin });
    const events = trail.body.items.map((e: { event_type: string; data: Record<string, unknown> }) => [
      e.event_type,
      e.data,
    ]);
    expect(events).toEqual(
      expect.arrayContaining([
        ["user.role_changed", { user_id: me.body.id, role: "manager" }],
        ["user.created", { user_id: me.body.id, role: "user" }],
        ["api_key.revoked", { key_id: created.body.id }],
        [
          "api_key.created",
          { key_id: created.body.id, name: "audited-key", role: "agent", key_prefix: created.body.key_prefix },
        ],
      ]),
    );
    expect(JSON.stringify(trail.body)).not.toContain(created.body.key);
  });

  it("is for admins only", async () => {
    const res = await platform.call("GET", "/api/audit", { headers: manager });
    expect({ status: res.status, code: res.body.error.code, detail: res.body.detail }).toEqual({
      status: 403,
      code: "INSUFFICIENT_PERMISSIONS",
      detail: "Admin access required",
    });
  });

  it("verifies the chain, and names the first broken entry after a row is edited in the database", async () => {
    const ok = await platform.call("GET", "/api/audit/verify", { headers: admin });
    expect(ok.body).toMatchObject({ valid: true, first_broken_entry_id: null, problem: null });
    expect(ok.body.entries_checked).toBeGreaterThanOrEqual(3);
    const approved = (await platform.call("GET", `/api/audit?action_id=${actionId}`, { headers: admin })).body.items[1];
    const orm = platform.services.approval.orm;
    const table = kind === "postgresql" ? `"${orm.config.get("schema", "")}".audit_entries` : "audit_entries";
    await orm.em
      .getConnection()
      .execute(`update ${table} set data = '{"comment":"forged"}' where id = '${approved.id}'`);
    const broken = await platform.call("GET", "/api/v1/audit/verify", { headers: admin });
    expect(broken.body).toEqual({
      valid: false,
      entries_checked: expect.any(Number),
      first_broken_entry_id: approved.id,
      first_broken_sequence: approved.sequence,
      problem: "hash_mismatch",
    });
  });

  it("keeps the approval deadline per organization", async () => {
    expect((await platform.call("GET", "/api/approvals/settings", { headers: admin })).body).toEqual({
      approval_deadline_seconds: 86400,
    });
    const updated = await platform.call("PUT", "/api/approvals/settings", {
      body: { approval_deadline_seconds: 3600 },
      headers: admin,
    });
    expect(updated.body).toEqual({ approval_deadline_seconds: 3600 });
    const tooShort = await platform.call("PUT", "/api/approvals/settings", {
      body: { approval_deadline_seconds: 5 },
      headers: admin,
    });
    expect(tooShort.body.detail).toEqual([
      {
        loc: ["body", "approval_deadline_seconds"],
        msg: "ensure this value is greater than or equal to 60",
        type: "value_error.number.not_ge",
      },
    ]);
    const byManager = await platform.call("PUT", "/api/approvals/settings", {
      body: { approval_deadline_seconds: 3600 },
      headers: manager,
    });
    expect(byManager.status).toBe(403);
    const submitted = await platform.call("POST", "/api/actions", {
      body: { agent_id: "audited-bot", action_type: "deploy", risk_score: 72 },
      headers: admin,
    });
    const deadline = Date.parse(submitted.body.approval_deadline) - Date.parse(submitted.body.created_at);
    expect(deadline).toBe(3600_000);
  });
});
