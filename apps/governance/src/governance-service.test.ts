import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { decodePlatformError, platformError } from "@platform/errors";
import { openTestDatabase, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import type { Action } from "@platform/proto/action";
import { AgentSchema } from "@platform/proto/registry";
import {
  inProcessTransport,
  principalServerInterceptor,
  principalClientInterceptor,
  runAsPrincipal,
  servicePrincipal,
  statusToError,
} from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InProcessCounters } from "@platform/counters";
import { LocalChangeFeed } from "@platform/changes";
import { governanceDefinition, wireGovernance } from "./service.js";
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
  const clock = new Date("2026-03-04T15:30:00Z");
  const feed = new LocalChangeFeed();

  beforeAll(async () => {
    db = await openTestDatabase(governanceDefinition.entities, { kind: "sqlite" });
    const options = {
      router: { interceptors: [principalServerInterceptor] },
      transport: { interceptors: [principalClientInterceptor] },
    };
    const registry = createClient(
      RegistryService,
      createRouterTransport(
        (router) =>
          router.service(RegistryService, {
            getAgent(req) {
              const agent = agents.get(req.agentId);
              if (!agent) throw platformError("AGENT_NOT_FOUND", { agent_id: req.agentId });
              return { agent };
            },
          }),
        options,
      ),
    );
    const approval = createClient(
      ApprovalService,
      createRouterTransport(
        (router) =>
          router.service(ApprovalService, {
            recordActions(req) {
              recorded.push(...req.records.map((r) => r.action!));
              return { outcomes: req.records.map((r) => ({ action: r.action })) };
            },
            appendAuditEntry(req) {
              audited.push(req.eventType);
              return {};
            },
          }),
        options,
      ),
    );
    const { app } = wireGovernance({
      orm: db.orm,
      registry,
      registryUrl: "",
      approval,
      counters: new InProcessCounters(),
      sharedFeed: feed,
      now: () => clock,
    });
    client = createClient(
      GovernanceService,
      inProcessTransport("governance", (router) => router.service(GovernanceService, governanceService(app))),
    );
  });
  afterAll(async () => db?.close());

  it("auto-approves a low-risk action and records it with its factors", async () => {
    const { action } = await runAsPrincipal(caller, () =>
      client.submitAction({ agentId: "bot-1", actionType: "read_file" }),
    );
    expect(action).toMatchObject({ status: "auto_approved", riskLevel: "low", requiredLevel: 0, decidedBy: "risk" });
    expect(action?.riskFactors.length).toBeGreaterThan(0);
    expect(recorded.at(-1)?.id).toBe(action?.id);
  });

  it("routes medium, high and critical risk to L1, L2 and L3", async () => {
    for (const [score, level] of [
      [50, 1],
      [75, 2],
      [95, 3],
    ] as const) {
      const { action } = await runAsPrincipal(caller, () =>
        client.submitAction({ agentId: "bot-1", actionType: "transfer", riskScore: score }),
      );
      expect(action).toMatchObject({ status: "pending_approval", requiredLevel: level, riskScore: score });
    }
  });

  it("passes the registry's AGENT_NOT_FOUND through", async () => {
    expect(
      (
        await catchPlatformError(
          runAsPrincipal(caller, () => client.submitAction({ agentId: "ghost", actionType: "read" })),
        )
      ).entry.key,
    ).toBe("AGENT_NOT_FOUND");
  });

  it("SubmitActions decides each submission as SubmitAction would, each failing alone with its own catalogue error", async () => {
    // Another organization: its denials do not count against org_a's agents in the tests below.
    const other = principal("admin", { organizationId: "org_batch", userId: "usr_b", apiKeyId: "key_b" });
    const { outcomes } = await runAsPrincipal(servicePrincipal("gateway"), () =>
      client.submitActions({
        submissions: [
          { caller: other, request: { agentId: "bot-1", actionType: "read_file" } },
          { caller: other, request: { agentId: "ghost", actionType: "read" } },
          { caller: other, request: { agentId: "dead-bot", actionType: "read" } },
          { caller: other, request: { agentId: "x", actionType: "read" } },
          { caller: other, request: { agentId: "bot-1", actionType: "transfer", riskScore: 75 } },
          { caller: principal("admin", { organizationId: "" }), request: { agentId: "bot-1", actionType: "read" } },
          { caller: other },
        ],
      }),
    );
    const failure = (i: number) => {
      const status = outcomes[i]?.error;
      if (!status) throw new Error(`submission ${i} did not fail`);
      return decodePlatformError(statusToError(status));
    };
    expect(outcomes).toHaveLength(7);
    expect(outcomes[0]?.action).toMatchObject({ agentId: "bot-1", status: "auto_approved" });
    expect(failure(1)).toMatchObject({ entry: { key: "AGENT_NOT_FOUND" }, params: { agent_id: "ghost" } });
    expect(failure(2)).toMatchObject({ entry: { key: "KILL_SWITCH_ACTIVE" }, params: { reason: "runaway trades" } });
    // The same refusal, field problems included, as the unary call answers.
    const alone = await catchPlatformError(
      runAsPrincipal(other, () => client.submitAction({ agentId: "x", actionType: "read" })),
    );
    expect(failure(3)).toMatchObject({
      entry: { key: alone.entry.key, http: alone.entry.http },
      problems: alone.problems,
    });
    expect(outcomes[4]?.action).toMatchObject({ status: "pending_approval", requiredLevel: 2 });
    expect(failure(5)?.entry.key).toBe("NO_ORGANIZATION");
    expect([400, 422]).toContain(failure(6)?.entry.http);
    expect(failure(6)?.problems?.[0]).toMatchObject({ field: "request", rule: "required" });
  });

  it("SubmitActions is refused to any caller but a platform service, whose token names the callers", async () => {
    const refusal = await catchPlatformError(
      runAsPrincipal(caller, () =>
        client.submitActions({ submissions: [{ caller, request: { agentId: "bot-1", actionType: "read_file" } }] }),
      ),
    );
    expect(refusal.entry.key).toBe("INSUFFICIENT_PERMISSIONS");
    expect(refusal.params).toMatchObject({ required_role: "service" });
  });

  it("refuses a killed agent, records the denial once (as a denied action), and names the kill switch", async () => {
    const before = recorded.length;
    const refusal = await catchPlatformError(
      runAsPrincipal(caller, () => client.submitAction({ agentId: "dead-bot", actionType: "read" })),
    );
    expect(refusal.entry.key).toBe("KILL_SWITCH_ACTIVE");
    expect(refusal.params).toMatchObject({ agent_id: "dead-bot", reason: "runaway trades" });
    expect(recorded.slice(before)).toHaveLength(1);
    expect(recorded.at(-1)).toMatchObject({
      agentId: "dead-bot",
      status: "denied",
      refusalCode: "KILL_SWITCH_ACTIVE",
      decidedBy: "kill_switch",
      reason: "runaway trades",
    });
    expect(audited).toEqual([]);
  });

  it("counts an agent's refusals into the risk of its next actions", async () => {
    const first = await runAsPrincipal(caller, () =>
      client.submitAction({ agentId: "bot-1", actionType: "read_file" }),
    );
    for (let i = 0; i < 3; i++)
      await catchPlatformError(
        runAsPrincipal(caller, () => client.submitAction({ agentId: "dead-bot", actionType: "read" })),
      );
    // Denials count per agent: bot-1's own history is unchanged, dead-bot's has four.
    const again = await runAsPrincipal(caller, () =>
      client.submitAction({ agentId: "bot-1", actionType: "read_file" }),
    );
    expect(again.action?.riskScore).toBe(first.action?.riskScore);
    agents.set("dead-bot", create(AgentSchema, { agentId: "dead-bot", status: "active" }));
    // Governance keeps its copy of the agent until the registry announces the change.
    expect(
      (
        await catchPlatformError(
          runAsPrincipal(caller, () => client.submitAction({ agentId: "dead-bot", actionType: "read" })),
        )
      ).entry.key,
    ).toBe("KILL_SWITCH_ACTIVE");
    await feed.publish({ topic: "registry", organizationId: "org_a", key: "dead-bot" });
    const revived = await runAsPrincipal(caller, () =>
      client.submitAction({ agentId: "dead-bot", actionType: "read_file" }),
    );
    expect(revived.action?.riskScore).toBeGreaterThan(first.action!.riskScore);
    expect(revived.action?.riskFactors.find((f) => f.name === "history")?.explanation).toMatch(/^5 denied/);
  });
});

describe("governance pipeline steps", () => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof GovernanceService>>;
  const recordedHere: Action[] = [];
  let clock = new Date("2026-03-04T15:30:00Z"); // Wednesday, 10:30 in New York
  const admin = principal("admin", { organizationId: "org_p", userId: "usr_p" });
  const agents = new Map([
    [
      "limited-bot",
      create(AgentSchema, {
        agentId: "limited-bot",
        agentType: "trading",
        status: "active",
        governance: { rateLimits: { perMinute: 2, perHour: 3 } },
      }),
    ],
    [
      "office-bot",
      create(AgentSchema, {
        agentId: "office-bot",
        agentType: "office",
        status: "active",
        governance: {
          allowedWindow: { startTime: "09:00", endTime: "17:00", timezone: "America/New_York", days: [1, 2, 3, 4, 5] },
        },
      }),
    ],
    [
      "budget-bot",
      create(AgentSchema, {
        agentId: "budget-bot",
        agentType: "trading",
        status: "active",
        governance: {
          maxDailyUsd: 1000,
          allowedWindow: { startTime: "00:00", endTime: "23:59", timezone: "America/New_York", days: [] },
        },
      }),
    ],
    ["plain-bot", create(AgentSchema, { agentId: "plain-bot", agentType: "ops", status: "active" })],
  ]);
  const submit = (agentId: string, extra: Record<string, unknown> = {}) =>
    runAsPrincipal(admin, () => client.submitAction({ agentId, actionType: "read", ...extra }));

  beforeAll(async () => {
    db = await openTestDatabase(governanceDefinition.entities, { kind: "sqlite" });
    const options = {
      router: { interceptors: [principalServerInterceptor] },
      transport: { interceptors: [principalClientInterceptor] },
    };
    const registry = createClient(
      RegistryService,
      createRouterTransport(
        (router) =>
          router.service(RegistryService, {
            getAgent(req) {
              return { agent: agents.get(req.agentId)! };
            },
          }),
        options,
      ),
    );
    const approval = createClient(
      ApprovalService,
      createRouterTransport(
        (router) =>
          router.service(ApprovalService, {
            recordActions(req) {
              recordedHere.push(...req.records.map((r) => r.action!));
              return { outcomes: req.records.map((r) => ({ action: r.action })) };
            },
          }),
        options,
      ),
    );
    const counters = new InProcessCounters(() => clock.getTime());
    const { app } = wireGovernance({
      orm: db.orm,
      registry,
      registryUrl: "",
      approval,
      counters,
      sharedFeed: new LocalChangeFeed(),
      now: () => clock,
    });
    client = createClient(
      GovernanceService,
      inProcessTransport("governance", (router) => router.service(GovernanceService, governanceService(app))),
    );
  });
  afterAll(async () => db?.close());

  it("counts agent rate limits per minute and per hour, with Retry-After to the window's end", async () => {
    await submit("limited-bot");
    await submit("limited-bot");
    const third = await catchPlatformError(submit("limited-bot"));
    expect(third.entry.key).toBe("AGENT_RATE_LIMIT_EXCEEDED");
    expect(third.params["limits"]).toEqual({
      per_minute: { limit: 2, current: 3 },
      per_hour: { limit: 3, current: 3 },
    });
    expect(third.retryAfterSeconds).toBe(60); // 15:30:00: the minute window ends at 15:31:00
    clock = new Date(clock.getTime() + 60_000);
    const fourth = await catchPlatformError(submit("limited-bot"));
    expect(fourth.params["limits"]).toEqual({
      per_minute: { limit: 2, current: 1 },
      per_hour: { limit: 3, current: 4 },
    });
    expect(fourth.retryAfterSeconds).toBe(29 * 60); // 15:31:00: the hour window ends at 16:00:00
  });

  it("refuses outside the allowed window in the agent's timezone", async () => {
    clock = new Date("2026-03-04T15:30:00Z");
    expect((await submit("office-bot")).action?.status).toBe("auto_approved");
    clock = new Date("2026-03-05T04:45:00Z"); // 23:45 in New York
    const late = await catchPlatformError(submit("office-bot"));
    expect(late.entry.key).toBe("OUTSIDE_TIME_WINDOW");
    expect(late.params["allowed_window"]).toEqual({
      start_time: "09:00",
      end_time: "17:00",
      timezone: "America/New_York",
      current_time: "23:45",
      days: [1, 2, 3, 4, 5],
    });
    clock = new Date("2026-03-07T15:30:00Z"); // Saturday
    expect((await catchPlatformError(submit("office-bot"))).entry.key).toBe("OUTSIDE_TIME_WINDOW");
  });

  it("reserves the daily budget atomically and resets it at the agent's midnight", async () => {
    clock = new Date("2026-03-04T15:30:00Z");
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => submit("budget-bot", { estimatedCostUsd: 100 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = await catchPlatformError(submit("budget-bot", { estimatedCostUsd: 0.01 }));
    expect(refused.entry.key).toBe("BUDGET_EXCEEDED");
    expect(refused.params["budget"]).toEqual({ max_daily_usd: 1000, current_spend_usd: 1000 });
    expect(refused.retryAfterSeconds).toBe(13.5 * 3600); // 10:30 to midnight in New York
    clock = new Date("2026-03-05T05:00:01Z"); // 00:00:01 in New York
    expect((await submit("budget-bot", { estimatedCostUsd: 100 })).action?.status).toBe("auto_approved");
  });

  it("lets the highest-priority matching policy decide, and names it when it denies", async () => {
    clock = new Date("2026-03-04T15:30:00Z");
    const deny = await runAsPrincipal(admin, () =>
      client.createPolicy({
        policy: {
          name: "no-prod-deletes",
          effect: "deny",
          priority: 10,
          description: "Deleting production data is prohibited",
          conditions: { actionTypes: ["delete"], resourcePatterns: ["prod/*"] },
        },
      }),
    );
    await runAsPrincipal(admin, () =>
      client.createPolicy({
        policy: {
          name: "approve-deletes",
          effect: "require_approval",
          requiredLevel: 4,
          priority: 5,
          conditions: { actionTypes: ["delete"] },
        },
      }),
    );
    const denied = await catchPlatformError(submit("plain-bot", { actionType: "delete", resource: "prod/db" }));
    expect(denied.entry.key).toBe("ACTION_DENIED");
    expect(denied.params).toMatchObject({
      policy_id: deny.policy!.id,
      policy_name: "no-prod-deletes",
      reason: "Deleting production data is prohibited",
    });
    const held = await submit("plain-bot", { actionType: "delete", resource: "staging/db" });
    expect(held.action).toMatchObject({ status: "pending_approval", requiredLevel: 4 });
    expect(held.action?.decidedBy).toMatch(/^policy:pol_/);
    const allow = await runAsPrincipal(admin, () =>
      client.createPolicy({
        policy: {
          name: "reads-ok",
          effect: "allow",
          priority: 1,
          conditions: { actionTypes: ["read"], maxRiskScore: 100 },
        },
      }),
    );
    const read = await submit("plain-bot", { actionType: "read", riskScore: 80 });
    expect(read.action).toMatchObject({ status: "auto_approved", decidedBy: `policy:${allow.policy!.id}` });
  });

  it("evaluates CEL smart rules and refuses bad expressions when saved", async () => {
    const bad = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.createSmartRule({ rule: { name: "broken", expression: "action.action_type == ", effect: "deny" } }),
      ),
    );
    expect(bad.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(bad.problems?.[0]).toMatchObject({ field: "rule.expression" });
    const unknown = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.createSmartRule({ rule: { name: "typo", expression: "acton.action_type == 'x'", effect: "deny" } }),
      ),
    );
    // An unknown name is a type error (422 on both route families), naming it.
    expect(unknown.entry.key).toBe("VALIDATION_ERROR");
    expect(unknown.problems?.[0]).toMatchObject({
      field: "rule.expression",
      rule: "type.cel",
      text: expect.stringContaining("'acton'"),
    });
    const typo = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.createSmartRule({ rule: { name: "typo2", expression: "action.cost_usd > 100.0", effect: "deny" } }),
      ),
    );
    expect(typo.problems?.[0]?.text).toContain("unknown field 'action.cost_usd'");
    await runAsPrincipal(admin, () =>
      client.createSmartRule({
        rule: {
          name: "big-transfers",
          expression: 'action.action_type == "transfer" && action.estimated_cost_usd > 1000',
          effect: "deny",
        },
      }),
    );
    const violation = await catchPlatformError(submit("plain-bot", { actionType: "transfer", estimatedCostUsd: 1500 }));
    expect(violation.entry.key).toBe("POLICY_VIOLATION");
    expect(violation.params).toMatchObject({ rule_name: "big-transfers" });
    // Below the rule's threshold the rule does not match; the client's risk_score 10 does not lower the computed risk.
    await expect(
      submit("plain-bot", { actionType: "transfer", estimatedCostUsd: 500, riskScore: 10 }),
    ).resolves.toMatchObject({ action: { status: "pending_approval" } });
    expect(recordedHere.filter((a) => a.refusalCode === "POLICY_VIOLATION")).toHaveLength(1);
    expect(recordedHere.find((a) => a.refusalCode === "POLICY_VIOLATION")).toMatchObject({
      status: "denied",
      actionType: "transfer",
      estimatedCostUsd: 1500,
    });
  });

  it("keeps policies and rules per organization and manages them fully", async () => {
    const other = principal("admin", { organizationId: "org_other" });
    expect((await runAsPrincipal(other, () => client.listPolicies({}))).items).toEqual([]);
    const { policy } = await runAsPrincipal(admin, () =>
      client.createPolicy({ policy: { name: "temp", effect: "allow" } }),
    );
    expect(
      (await catchPlatformError(runAsPrincipal(other, () => client.getPolicy({ id: policy!.id })))).entry.key,
    ).toBe("POLICY_NOT_FOUND");
    const updated = await runAsPrincipal(admin, () =>
      client.updatePolicy({ id: policy!.id, policy: { name: "temp2", effect: "deny", enabled: false } }),
    );
    expect(updated.policy).toMatchObject({ name: "temp2", effect: "deny", enabled: false });
    await runAsPrincipal(admin, () => client.deletePolicy({ id: policy!.id }));
    expect(
      (await catchPlatformError(runAsPrincipal(admin, () => client.deletePolicy({ id: policy!.id })))).entry.key,
    ).toBe("POLICY_NOT_FOUND");
    expect(
      (await catchPlatformError(runAsPrincipal(admin, () => client.getSmartRule({ id: "sr_nope" })))).entry.key,
    ).toBe("SMART_RULE_NOT_FOUND");
    const manager = principal("manager", { organizationId: "org_p" });
    expect(
      (
        await catchPlatformError(
          runAsPrincipal(manager, () => client.createPolicy({ policy: { name: "x", effect: "allow" } })),
        )
      ).entry.key,
    ).toBe("ADMIN_ACCESS_REQUIRED");
  });
});
