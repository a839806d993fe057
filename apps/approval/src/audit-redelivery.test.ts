import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService } from "@platform/proto";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalService } from "./rpc/approval-service.js";
import { approvalDefinition } from "./service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

/** Audit entries other services deliver from their outbox (at least once) are appended once. */
describe.each(kinds)("AppendAuditEntry with a message id (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof ApprovalService>>;
  const admin = principal("admin", { userId: "usr_admin", organizationId: `org_redelivery_${kind}` });

  beforeAll(async () => {
    db = await openTestDatabase(approvalDefinition.entities, { kind });
    client = createClient(
      ApprovalService,
      inProcessTransport("approval", (router) => router.service(ApprovalService, approvalService(db.orm))),
    );
  });
  afterAll(async () => db?.close());

  it("appends a redelivered message once, also when the deliveries race, and the chain verifies", async () => {
    const entry = { eventType: "api_key.created", outcome: "created", data: { key_id: "key_1" } };
    const first = await runAsPrincipal(admin, () => client.appendAuditEntry({ ...entry, messageId: "msg_once" }));
    expect(first.entry?.eventType).toBe("api_key.created");
    const again = await runAsPrincipal(admin, () => client.appendAuditEntry({ ...entry, messageId: "msg_once" }));
    expect(again.entry).toBeUndefined();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        runAsPrincipal(admin, () => client.appendAuditEntry({ ...entry, messageId: "msg_raced" })),
      ),
    );
    const trail = await runAsPrincipal(admin, () => client.listAuditEntries({ limit: 50 }));
    expect(trail.items.map((e) => e.eventType)).toEqual(["api_key.created", "api_key.created"]);
    expect((await runAsPrincipal(admin, () => client.verifyAuditTrail({}))).valid).toBe(true);
  });

  it("appends every call without a message id (direct callers)", async () => {
    const other = principal("admin", { userId: "usr_admin", organizationId: `org_direct_${kind}` });
    for (let i = 0; i < 2; i++)
      await runAsPrincipal(other, () => client.appendAuditEntry({ eventType: "agent.killed", outcome: "killed" }));
    expect((await runAsPrincipal(other, () => client.listAuditEntries({ limit: 50 }))).items).toHaveLength(2);
  });
});
