import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { platformError } from "@platform/errors";
import { openTestDatabase, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import type { Action } from "@platform/proto/action";
import { AgentSchema } from "@platform/proto/registry";
import { inProcessTransport, principalServerInterceptor, principalClientInterceptor, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecisionEntity } from "./persistence/decision-entity.js";
import { governanceService } from "./rpc/governance-service.js";

/**
 * Governance against contract-level doubles of the registry and the approval
 * service (their real implementations are exercised by the gateway's end-to-end
 * tests): what matters here is what governance asks and decides.
 */
describe("governance service", () => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof GovernanceService>>;
  const recorded: Action[] = [];
  const audited: string[] = [];
  const agents = new Map([
    ["bot-1", create(AgentSchema, { agentId: "bot-1", status: "active" })],
    ["dead-bot", create(AgentSchema, { agentId: "dead-bot", status: "killed", killReason: "runaway trades" })],
  ]);
  const caller = principal("admin", { organizationId: "org_a", userId: "usr_a", apiKeyId: "key_a" });

  beforeAll(async () => {
    db = await openTestDatabase([DecisionEntity], { kind: "sqlite" });
    const options = { router: { interceptors: [principalServerInterceptor] }, transport: { interceptors: [principalClientInterceptor] } };
    const registry = createClient(RegistryService, createRouterTransport((router) => router.service(RegistryService, {
      getAgent(req) {
        const agent = agents.get(req.agentId);
        if (!agent) throw platformError("AGENT_NOT_FOUND", { agent_id: req.agentId });
        return { agent };
      },
    }), options));
    const approval = createClient(ApprovalService, createRouterTransport((router) => router.service(ApprovalService, {
      recordAction(req) {
        recorded.push(req.action!);
        return { action: req.action };
      },
      appendAuditEntry(req) {
        audited.push(req.eventType);
        return {};
      },
    }), options));
    client = createClient(GovernanceService, inProcessTransport("governance", (router) =>
      router.service(GovernanceService, governanceService({ orm: db.orm, registry, approval }))));
  });
  afterAll(async () => db?.close());

  it("auto-approves a low-risk action and records it with its factors", async () => {
    const { action } = await runAsPrincipal(caller, () => client.submitAction({ agentId: "bot-1", actionType: "read_file" }));
    expect(action).toMatchObject({ status: "auto_approved", riskLevel: "low", requiredLevel: 0, decidedBy: "risk" });
    expect(action?.riskFactors.length).toBeGreaterThan(0);
    expect(recorded.at(-1)?.id).toBe(action?.id);
  });

  it("routes medium, high and critical risk to L1, L2 and L3", async () => {
    for (const [score, level] of [[50, 1], [75, 2], [95, 3]] as const) {
      const { action } = await runAsPrincipal(caller, () => client.submitAction({ agentId: "bot-1", actionType: "transfer", riskScore: score }));
      expect(action).toMatchObject({ status: "pending_approval", requiredLevel: level, riskScore: score });
    }
  });

  it("passes the registry's AGENT_NOT_FOUND through", async () => {
    expect((await catchPlatformError(runAsPrincipal(caller, () => client.submitAction({ agentId: "ghost", actionType: "read" })))).entry.key).toBe("AGENT_NOT_FOUND");
  });

  it("refuses a killed agent, records the denial, and names the kill switch", async () => {
    const before = recorded.length;
    const refusal = await catchPlatformError(runAsPrincipal(caller, () => client.submitAction({ agentId: "dead-bot", actionType: "read" })));
    expect(refusal.entry.key).toBe("KILL_SWITCH_ACTIVE");
    expect(refusal.params).toMatchObject({ agent_id: "dead-bot", reason: "runaway trades" });
    expect(recorded.length).toBe(before);
    expect(audited).toEqual(["decision.denied"]);
    const denials = await db.orm.em.fork().find(DecisionEntity, { agentId: "dead-bot" });
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ outcome: "denied", refusal: "KILL_SWITCH_ACTIVE", decidedBy: "kill_switch", submittedByUserId: "usr_a" });
  });
});
