import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService } from "@platform/proto";
import { ActionSchema } from "@platform/proto/action";
import { inProcessTransport, runAsPrincipal, servicePrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalDefinition } from "./service.js";
import { approvalService } from "./rpc/approval-service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("approval service (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof ApprovalService>>;
  const submitter = principal("admin", { userId: "usr_submitter", organizationId: "org_a" });
  const managerA = principal("manager", { userId: "usr_m1", organizationId: "org_a" });
  const managerB = principal("manager", { userId: "usr_m2", organizationId: "org_a" });
  const stranger = principal("security_officer", { userId: "usr_x", organizationId: "org_b" });
  async function record(status: string, requiredLevel: number) {
    const action = create(ActionSchema, {
      agentId: "bot-1",
      actionType: "transfer",
      status,
      requiredLevel,
      riskScore: 75,
      riskLevel: "high",
    });
    const stored = await runAsPrincipal(submitter, () => client.recordAction({ action }));
    return stored.action!.id;
  }

  beforeAll(async () => {
    db = await openTestDatabase(approvalDefinition.entities, { kind });
    client = createClient(
      ApprovalService,
      inProcessTransport("approval", (router) => router.service(ApprovalService, approvalService(db.orm))),
    );
  });
  afterAll(async () => db?.close());

  it("records the submitter and keeps the approver, level and comment", async () => {
    const id = await record("pending_approval", 2);
    const { action } = await runAsPrincipal(managerA, () => client.approveAction({ id, comment: "ok by me" }));
    expect(action).toMatchObject({
      id,
      status: "approved",
      submittedByUserId: "usr_submitter",
      approverUserId: "usr_m1",
      approverLevel: 2,
      approvalComment: "ok by me",
    });
    expect(action?.decidedAt).toBeDefined();
  });

  it("gives every action its own positive integer id, also when many are recorded at once", async () => {
    const action = create(ActionSchema, { agentId: "bot-1", actionType: "read", status: "auto_approved" });
    const stored = await Promise.all(
      Array.from({ length: 40 }, () => runAsPrincipal(submitter, () => client.recordAction({ action }))),
    );
    const ids = stored.map((s) => Number(s.action!.id));
    expect(new Set(ids).size).toBe(40);
    expect(ids.every((id) => Number.isSafeInteger(id) && id > 0)).toBe(true);
    const verdict = await runAsPrincipal(submitter, () => client.verifyAuditTrail({}));
    expect(verdict.valid).toBe(true);
  });

  it("stores one action per idempotency key: a retry answers the first action, marked replayed", async () => {
    const idempotencyKey = `retry-${kind}-${Math.random()}`;
    const first = await runAsPrincipal(submitter, () =>
      client.recordAction({
        idempotencyKey,
        action: create(ActionSchema, { agentId: "bot-1", actionType: "transfer", status: "auto_approved" }),
      }),
    );
    const retries = await Promise.all(
      [1, 2, 3].map(() =>
        runAsPrincipal(submitter, () =>
          client.recordAction({
            idempotencyKey,
            action: create(ActionSchema, { agentId: "bot-1", actionType: "changed", status: "auto_approved" }),
          }),
        ),
      ),
    );
    expect(first.replayed).toBe(false);
    for (const retry of retries)
      expect(retry).toMatchObject({ replayed: true, action: { id: first.action!.id, actionType: "transfer" } });
    // The same key in another organization is another action.
    const elsewhere = await runAsPrincipal(stranger, () =>
      client.recordAction({
        idempotencyKey,
        action: create(ActionSchema, { agentId: "bot-1", actionType: "x", status: "auto_approved" }),
      }),
    );
    expect(elsewhere.replayed).toBe(false);
    expect(elsewhere.action!.id).not.toBe(first.action!.id);
  });

  it("records many callers' actions in one call from a service, each as its own caller, and refuses the call from anyone else", async () => {
    const records = [submitter, stranger].map((caller) => ({
      caller,
      action: create(ActionSchema, { agentId: "bot-1", actionType: "batched", status: "auto_approved" }),
    }));
    const refused = await catchPlatformError(runAsPrincipal(submitter, () => client.recordActions({ records })));
    expect(refused.entry.key).toBe("INSUFFICIENT_PERMISSIONS");
    const { outcomes } = await runAsPrincipal(servicePrincipal("governance"), () => client.recordActions({ records }));
    expect(outcomes.map((o) => [o.errorCode, o.action?.organizationId, o.action?.submittedByUserId])).toEqual([
      [0, "org_a", "usr_submitter"],
      [0, "org_b", "usr_x"],
    ]);
    const withoutCaller = await runAsPrincipal(servicePrincipal("governance"), () =>
      client.recordActions({ records: [{ action: records[0]!.action }] }),
    );
    expect(withoutCaller.outcomes[0]?.errorCode).not.toBe(0);
  });

  it("answers ACTION_NOT_FOUND for an id that is not a positive integer", async () => {
    for (const id of ["act_1", "0", "-3", "1.5", "99999999999999999999"]) {
      expect((await catchPlatformError(runAsPrincipal(managerA, () => client.getAction({ id })))).entry.key).toBe(
        "ACTION_NOT_FOUND",
      );
    }
  });

  it("lets exactly one of two concurrent approvers win; the other gets a 409", async () => {
    const id = await record("pending_approval", 2);
    const results = await Promise.allSettled([
      runAsPrincipal(managerA, () => client.approveAction({ id })),
      runAsPrincipal(managerB, () => client.rejectAction({ id })),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    const refusal = await catchPlatformError(Promise.reject(lost.reason));
    expect(["ACTION_ALREADY_DECIDED", "ACTION_NOT_PENDING"]).toContain(refusal.entry.key);
    expect(refusal.entry.http).toBe(409);
    const { action } = await runAsPrincipal(managerA, () => client.getAction({ id }));
    expect(action?.status).toBe(
      (won[0] as PromiseFulfilledResult<{ action?: { status: string } }>).value.action?.status,
    );
  });

  it("shows pending approvals the caller may decide, not their own, not above their level", async () => {
    const l1 = await record("pending_approval", 1);
    const l3 = await record("pending_approval", 3);
    const forManager = await runAsPrincipal(managerA, () => client.listPendingApprovals({}));
    const ids = forManager.items.map((a) => a.id);
    expect(ids).toContain(l1);
    expect(ids).not.toContain(l3);
    const forSubmitter = await runAsPrincipal(submitter, () => client.listPendingApprovals({}));
    expect(forSubmitter.items.map((a) => a.id)).not.toContain(l1);
  });

  it("keeps organizations apart", async () => {
    const id = await record("pending_approval", 1);
    expect((await catchPlatformError(runAsPrincipal(stranger, () => client.approveAction({ id })))).entry.key).toBe(
      "ACTION_NOT_FOUND",
    );
    expect((await catchPlatformError(runAsPrincipal(stranger, () => client.getAction({ id })))).entry.key).toBe(
      "ACTION_NOT_FOUND",
    );
  });

  it("filters the action list by status and agent", async () => {
    const list = await runAsPrincipal(managerA, () =>
      client.listActions({ status: "auto_approved", agentId: "bot-1" }),
    );
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((a) => a.status === "auto_approved")).toBe(true);
  });
});
