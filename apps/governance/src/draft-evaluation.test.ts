import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { InProcessCounters } from "@platform/counters";
import type { EvaluateActionRequestSchema } from "@platform/proto/governance";
import { AgentSchema } from "@platform/proto/registry";
import { runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { governanceHarness, type GovernanceHarness } from "./test-support.js";

type EvaluateInput = MessageInitShape<typeof EvaluateActionRequestSchema>;

/** "Test before saving": EvaluateAction with a draft smart rule or policy, applied to that answer only. */
describe("evaluating an action with a draft rule", () => {
  let governance: GovernanceHarness;
  const admin = principal("admin", { organizationId: "org_d", userId: "usr_d" });
  const manager = principal("manager", { organizationId: "org_d", userId: "usr_m" });
  const clock = new Date("2026-03-04T15:30:00Z");
  const agents = new Map([
    [
      "org_d",
      new Map([
        [
          "capped-bot",
          create(AgentSchema, {
            agentId: "capped-bot",
            agentType: "trading",
            status: "active",
            governance: { rateLimits: { perMinute: 1 }, maxDailyUsd: 10 },
          }),
        ],
      ]),
    ],
  ]);
  const transfer = { actionType: "transfer", estimatedCostUsd: 1500, riskScore: 10 };
  const bigTransfers = {
    name: "big-transfers",
    expression: 'action.action_type == "transfer" && action.estimated_cost_usd > 1000.0',
    effect: "deny",
  };
  const evaluate = (req: EvaluateInput, as = admin) =>
    runAsPrincipal(as, () => governance.client.evaluateAction({ actionType: "read", ...req }));
  const savedRules = async () => (await runAsPrincipal(admin, () => governance.client.listSmartRules({}))).items;

  beforeAll(async () => {
    governance = await governanceHarness({
      agents,
      counters: new InProcessCounters(() => clock.getTime()),
      now: () => clock,
    });
  });
  afterAll(() => governance?.close());

  it("applies a new draft rule beside the saved ones, names it as the draft, and saves nothing", async () => {
    const without = await evaluate(transfer);
    expect(without.status).not.toBe("denied");
    expect(without.matchedRules).toEqual([]);
    const withDraft = await evaluate({ ...transfer, draftRule: bigTransfers });
    expect(withDraft).toMatchObject({
      status: "denied",
      refusalCode: "POLICY_VIOLATION",
      decidedBy: "smart_rules",
      policyViolations: [{ policyId: "draft", policyName: "big-transfers" }],
    });
    expect(withDraft.matchedRules).toMatchObject([
      { kind: "smart_rule", id: "draft", name: "big-transfers", effect: "deny", draft: true },
    ]);
    expect(await savedRules()).toEqual([]);
    // The draft never reaches the rule book: the same action without it decides as before.
    expect((await evaluate(transfer)).status).toBe(without.status);
  });

  it("stands in for the saved rule of the same id while editing it, and a disabled draft takes it out", async () => {
    const { rule } = await runAsPrincipal(admin, () => governance.client.createSmartRule({ rule: bigTransfers }));
    const saved = await evaluate(transfer);
    expect(saved.matchedRules).toMatchObject([{ kind: "smart_rule", id: rule!.id, draft: false }]);
    expect(saved.status).toBe("denied");
    const edited = await evaluate({
      ...transfer,
      draftRuleId: rule!.id,
      draftRule: { ...bigTransfers, expression: "action.estimated_cost_usd > 5000.0" },
    });
    expect(edited.status).not.toBe("denied");
    expect(edited.matchedRules).toEqual([]);
    const approval = await evaluate({
      ...transfer,
      draftRuleId: rule!.id,
      draftRule: { ...bigTransfers, effect: "require_approval", requiredLevel: 4 },
    });
    expect(approval).toMatchObject({
      status: "pending_approval",
      requiredLevel: 4,
      decidedBy: `smart_rule:${rule!.id}`,
    });
    expect(approval.matchedRules).toMatchObject([{ id: rule!.id, effect: "require_approval", draft: true }]);
    const disabled = await evaluate({
      ...transfer,
      draftRuleId: rule!.id,
      draftRule: { ...bigTransfers, enabled: false },
    });
    expect(disabled.status).not.toBe("denied");
    expect(await savedRules()).toMatchObject([{ id: rule!.id, expression: bigTransfers.expression, effect: "deny" }]);
    await runAsPrincipal(admin, () => governance.client.deleteSmartRule({ id: rule!.id }));
  });

  it("refuses a draft's bad CEL with the same 422 as saving it, naming the draft's field", async () => {
    const typo = { name: "typo", expression: "action.cost_usd > 100.0", effect: "deny" };
    const atSave = await catchPlatformError(
      runAsPrincipal(admin, () => governance.client.createSmartRule({ rule: typo })),
    );
    const atTest = await catchPlatformError(evaluate({ draftRule: typo }));
    expect(atTest.entry.key).toBe(atSave.entry.key);
    expect(atTest.entry.key).toBe("VALIDATION_ERROR");
    expect(atTest.problems).toEqual([{ ...atSave.problems![0], field: "draft_rule.expression" }]);
    const syntax = await catchPlatformError(
      evaluate({ draftRule: { name: "broken", expression: "action.action_type == ", effect: "deny" } }),
    );
    expect(syntax.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(syntax.problems?.[0]).toMatchObject({ field: "draft_rule.expression", rule: "cel.expression" });
  });

  it("tests a draft policy the same way, and checks its risk range as saving would", async () => {
    const denied = await evaluate({
      actionType: "delete",
      resource: "prod/db",
      draftPolicy: { name: "no-prod-deletes", effect: "deny", conditions: { resourcePatterns: ["prod/*"] } },
    });
    expect(denied).toMatchObject({ status: "denied", refusalCode: "ACTION_DENIED", decidedBy: "policy:draft" });
    expect(denied.matchedRules).toMatchObject([{ kind: "policy", id: "draft", name: "no-prod-deletes", draft: true }]);
    expect((await runAsPrincipal(admin, () => governance.client.listPolicies({}))).items).toEqual([]);
    const empty = await catchPlatformError(
      evaluate({ draftPolicy: { name: "x", effect: "allow", conditions: { minRiskScore: 80, maxRiskScore: 20 } } }),
    );
    expect(empty.problems?.[0]).toMatchObject({ field: "draft_policy.conditions.max_risk_score", rule: "int32.gte" });
  });

  it("takes drafts from admins only, as saving them; anyone may still evaluate without one", async () => {
    expect((await catchPlatformError(evaluate({ draftRule: bigTransfers }, manager))).entry.key).toBe(
      "ADMIN_ACCESS_REQUIRED",
    );
    expect((await evaluate(transfer, manager)).status).toBeTruthy();
  });

  it("stays side-effect free with a draft: no rate limit or budget is spent, nothing is recorded", async () => {
    const capped = { agentId: "capped-bot", actionType: "read", estimatedCostUsd: 10 };
    for (let i = 0; i < 3; i++) {
      const answer = await evaluate({ ...capped, draftRule: { ...bigTransfers, effect: "alert" } });
      expect(answer.status).toBe("auto_approved");
    }
    expect(governance.recorded).toEqual([]);
    const budget = await runAsPrincipal(admin, () => governance.client.getAgentBudget({ agentId: "capped-bot" }));
    expect(budget.budget?.spentTodayUsd).toBe(0);
    // The per-minute limit of 1 and the $10 budget are still whole for the first real submission.
    const submitted = await runAsPrincipal(admin, () => governance.client.submitAction(capped));
    expect(submitted.action?.status).toBe("auto_approved");
    expect(
      (await catchPlatformError(runAsPrincipal(admin, () => governance.client.submitAction(capped)))).entry.key,
    ).toBe("AGENT_RATE_LIMIT_EXCEEDED");
  });
});
