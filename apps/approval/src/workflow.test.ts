import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { closeDatabase, openDatabase } from "@platform/persistence";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService } from "@platform/proto";
import { ActionSchema } from "@platform/proto/action";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalWorkflow } from "./application/approval-workflow.js";
import { approvalService } from "./rpc/approval-service.js";
import { approvalDefinition } from "./service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("deadlines and the audit trail (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof ApprovalService>>;
  let workflow: ApprovalWorkflow;
  let clock = new Date("2026-05-01T09:00:00Z");
  const now = () => clock;
  const admin = principal("admin", { userId: "usr_admin", organizationId: "org_w" });
  const officer = principal("security_officer", { userId: "usr_sec", organizationId: "org_w" });
  async function submit(requiredLevel: number, agentId = "bot-1") {
    const stored = await runAsPrincipal(admin, () =>
      client.recordAction({
        action: create(ActionSchema, {
          agentId,
          actionType: "transfer",
          status: "pending_approval",
          requiredLevel,
          riskScore: 80,
          riskLevel: "high",
        }),
      }),
    );
    return stored.action!.id;
  }
  const get = async (id: string) => (await runAsPrincipal(admin, () => client.getAction({ id }))).action!;

  beforeAll(async () => {
    db = await openTestDatabase(approvalDefinition.entities, { kind });
    workflow = new ApprovalWorkflow(db.orm, now);
    client = createClient(
      ApprovalService,
      inProcessTransport("approval", (router) =>
        router.service(ApprovalService, approvalService(db.orm, now, workflow)),
      ),
    );
  });
  afterAll(async () => db?.close());

  it("escalates an approval one level past its deadline (24 h by default) and expires it past level 5", async () => {
    const id = await submit(4);
    expect((await get(id)).approvalDeadline).toBeDefined();
    clock = new Date(clock.getTime() + 23 * 3600_000);
    expect(await workflow.escalateOverdue()).toEqual({ escalated: 0, expired: 0 });
    clock = new Date(clock.getTime() + 2 * 3600_000);
    expect(await workflow.escalateOverdue()).toEqual({ escalated: 1, expired: 0 });
    expect(await get(id)).toMatchObject({ status: "pending_approval", requiredLevel: 5, escalations: 1 });
    clock = new Date(clock.getTime() + 25 * 3600_000);
    expect(await workflow.escalateOverdue()).toEqual({ escalated: 0, expired: 1 });
    const expired = await get(id);
    expect(expired).toMatchObject({ status: "denied", escalations: 2 });
    expect(expired.reason).toMatch(/expired/);
    expectRefusal(
      await catchPlatformError(runAsPrincipal(officer, () => client.approveAction({ id }))),
      "ACTION_NOT_PENDING",
    );
  });

  it("uses the organization's own deadline, and escalates once across replicas", async () => {
    await runAsPrincipal(admin, () => client.updateApprovalSettings({ approvalDeadlineSeconds: 600 }));
    expect((await runAsPrincipal(admin, () => client.getApprovalSettings({}))).settings?.approvalDeadlineSeconds).toBe(
      600,
    );
    const id = await submit(1);
    clock = new Date(clock.getTime() + 601_000);
    const replicas = [workflow, new ApprovalWorkflow(db.orm, now), new ApprovalWorkflow(db.orm, now)];
    const results = await Promise.all(replicas.map((r) => r.escalateOverdue()));
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    expect(await get(id)).toMatchObject({ requiredLevel: 2, escalations: 1 });
  });

  it("keeps deadlines across a restart: a new process escalates what the old one left", async () => {
    const id = await submit(1, "restart-bot");
    const deadline = (await get(id)).approvalDeadline!;
    // A fresh ORM on the same database stands in for a restarted replica.
    const restarted = await openDatabase({ target: db.target, entities: approvalDefinition.entities });
    try {
      clock = new Date(Number(deadline.seconds) * 1000 + 1000);
      const result = await new ApprovalWorkflow(restarted, now).escalateOverdue();
      expect(result.escalated).toBeGreaterThanOrEqual(1);
      expect(await get(id)).toMatchObject({ requiredLevel: 2, escalations: 1 });
    } finally {
      await closeDatabase(restarted);
    }
  });

  it("denies an agent's pending approvals when its kill switch is used", async () => {
    const a = await submit(2, "doomed-bot");
    const b = await submit(3, "doomed-bot");
    const other = await submit(2, "fine-bot");
    const { deniedCount } = await runAsPrincipal(admin, () =>
      client.denyPendingForAgent({ agentId: "doomed-bot", reason: "runaway" }),
    );
    expect(deniedCount).toBe(2);
    expect((await get(a)).status).toBe("denied");
    expect((await get(b)).reason).toBe("runaway");
    expect((await get(other)).status).toBe("pending_approval");
  });

  it("records every decision and step with its actor, and filters the trail", async () => {
    const id = await submit(2);
    await runAsPrincipal(officer, () => client.approveAction({ id, comment: "fine" }));
    const trail = await runAsPrincipal(admin, () => client.listAuditEntries({ actionId: id }));
    expect(trail.items.map((e) => [e.eventType, e.outcome, e.actorUserId])).toEqual([
      ["action.approved", "approved", "usr_sec"],
      ["action.decided", "pending_approval", "usr_admin"],
    ]);
    const byActor = await runAsPrincipal(admin, () => client.listAuditEntries({ actorUserId: "system" }));
    expect(byActor.items.every((e) => e.actorUserId === "system")).toBe(true);
    expect(byActor.items.map((e) => e.eventType)).toContain("action.escalated");
    const page = await runAsPrincipal(admin, () => client.listAuditEntries({ limit: 2 }));
    const next = await runAsPrincipal(admin, () => client.listAuditEntries({ limit: 2, cursor: page.nextCursor }));
    expect(next.items[0]!.sequence).toBe(page.items[1]!.sequence - 1n);
    expectRefusal(
      await catchPlatformError(
        runAsPrincipal(principal("manager", { organizationId: "org_w" }), () => client.listAuditEntries({})),
      ),
      "ADMIN_ACCESS_REQUIRED",
    );
  });

  it("keeps one unbroken chain under concurrent appends", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runAsPrincipal(admin, () =>
          client.appendAuditEntry({ eventType: "api_key.created", outcome: "created", data: { i } }),
        ),
      ),
    );
    const verdict = await runAsPrincipal(admin, () => client.verifyAuditTrail({}));
    expect(verdict).toMatchObject({ valid: true, firstBrokenEntryId: "" });
    expect(Number(verdict.entriesChecked)).toBeGreaterThan(20);
  });

  it("reports the first broken link after a row is edited in the database", async () => {
    const target = (await runAsPrincipal(admin, () => client.listAuditEntries({ limit: 500 }))).items.find(
      (e) => e.eventType === "action.approved",
    )!;
    await db.orm.em
      .getConnection()
      .execute(
        `update ${kind === "postgresql" ? `"${(db.target as { schema: string }).schema}".` : ""}audit_entries set outcome = 'denied' where id = '${target.id}'`,
      );
    const verdict = await runAsPrincipal(admin, () => client.verifyAuditTrail({}));
    expect(verdict).toMatchObject({
      valid: false,
      firstBrokenEntryId: target.id,
      firstBrokenSequence: target.sequence,
      problem: "hash_mismatch",
    });
  });
});

function expectRefusal(caught: { entry: { key: string } }, key: string) {
  expect(caught.entry.key).toBe(key);
}
