import { create } from "@bufbuild/protobuf";
import { ConnectError, type Client } from "@connectrpc/connect";
import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { CounterStore } from "@platform/counters";
import { decodePlatformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import type { ApprovalService, RegistryService } from "@platform/proto";
import { ActionSchema, type Action } from "@platform/proto/action";
import { EvaluateActionResponseSchema, type EvaluateActionRequest, type EvaluateActionResponse, type SubmitActionRequest } from "@platform/proto/governance";
import type { Agent } from "@platform/proto/registry";
import type { Principal } from "@platform/proto/principal";
import { currentCorrelationId } from "@platform/telemetry";
import { decide } from "../domain/decision.js";
import { assertAgentActive } from "../domain/kill-switch.js";
import { assertWithinRateLimits, budgetDay, budgetExceeded, fromMicros, rateWindow, toMicros, type WindowCount } from "../domain/limits.js";
import { decidingPolicy, type PolicyRule } from "../domain/policy.js";
import { resolveRisk, type RiskAssessment } from "../domain/risk.js";
import { bindingsFor, compileExpression, ruleMatches, type SmartRuleDef } from "../domain/smart-rule.js";
import { assertInsideWindow } from "../domain/time-window.js";
import { DecisionEntity } from "../persistence/decision-entity.js";
import { DecisionRepository } from "../persistence/decision-repository.js";
import { PolicyEntity, SmartRuleEntity } from "../persistence/policy-entity.js";

export interface PipelineDeps {
  readonly orm: MikroORM;
  readonly registry: Client<typeof RegistryService>;
  readonly approval: Client<typeof ApprovalService>;
  readonly counters: CounterStore;
  readonly now?: () => Date;
}

type Caller = Principal & { organizationId: string };
const DAY_MS = 86_400_000;

/** A pipeline step refused the action: what refused it, for the decision record. */
class Refusal {
  constructor(readonly error: unknown, readonly decidedBy: string) {}
}

/**
 * The decision pipeline of api-contract section 6, in order: agent registered and
 * active, rate limits, time window, daily budget, policies and smart rules, risk.
 * Every outcome, refusals included, is recorded with what decided it and audited.
 */
export class DecisionPipeline {
  private readonly programs = new Map<string, ReturnType<typeof compileExpression>>();
  private readonly now: () => Date;

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async submit(caller: Caller, req: SubmitActionRequest): Promise<Action> {
    const at = this.now();
    const actionId = newId("act");
    const em = this.deps.orm.em.fork();
    const cost = req.estimatedCostUsd ?? 0;
    const parameters = req.parameters ?? {};
    const { agent, organizationKillSwitch } = await this.deps.registry.getAgent({ agentId: req.agentId });
    const recentDenials = await new DecisionRepository(em).countDenialsSince(caller.organizationId, req.agentId, new Date(at.getTime() - DAY_MS));
    const risk = resolveRisk({ score: req.riskScore, level: req.riskLevel }, { actionType: req.actionType, resource: req.resource, estimatedCostUsd: cost, parameters, recentDenials });
    const facts = { agentId: req.agentId, agentType: agent!.agentType, actionType: req.actionType, resource: req.resource, riskScore: risk.score, riskLevel: risk.level, estimatedCostUsd: cost, parameters };

    let budgetHold: { key: string; micros: number } | undefined;
    try {
      this.step("kill_switch", () => assertAgentActive(agent!, organizationKillSwitch));
      await this.stepAsync("rate_limit", () => this.checkRateLimits(caller, agent!, at));
      const window = agent!.governance?.allowedWindow;
      if (window) this.step("time_window", () => assertInsideWindow(req.agentId, { startTime: window.startTime, endTime: window.endTime, timezone: window.timezone, days: window.days }, at));
      budgetHold = await this.stepAsync("budget", () => this.reserveBudget(caller, agent!, cost, at));
      const [policies, rules] = await Promise.all([this.policies(em, caller.organizationId), this.matchingRules(em, caller.organizationId, facts, agent!, at)]);
      const policy = decidingPolicy(policies, facts);
      const routing = this.step(policy?.effect === "deny" ? `policy:${policy.id}` : "smart_rules", () => decide(facts, policy, rules));
      for (const alert of rules.filter((r) => r.effect === "alert")) {
        await this.deps.approval.appendAuditEntry({ eventType: "smart_rule.alert", agentId: req.agentId, actionId, outcome: "alert", data: { rule_id: alert.id, rule_name: alert.name } });
      }
      // A pending action keeps its reservation until it is approved or refused (ReleaseBudget).
      const held = routing.status === "pending_approval" ? budgetHold : undefined;
      await this.record(em, caller, { id: actionId, agentId: req.agentId, actionType: req.actionType, outcome: routing.status, refusal: "", decidedBy: routing.decidedBy, reason: routing.reason, risk, cost, at, held });
      const { action } = await this.deps.approval.recordAction({
        action: create(ActionSchema, {
          id: actionId, agentId: req.agentId, actionType: req.actionType, resource: req.resource, status: routing.status,
          riskScore: risk.score, riskLevel: risk.level, riskFactors: risk.factors.map((f) => ({ ...f })), requiredLevel: routing.requiredLevel,
          reason: routing.reason, decidedBy: routing.decidedBy, estimatedCostUsd: cost, parameters: req.parameters, correlationId: currentCorrelationId() ?? "",
        }),
      });
      return action!;
    } catch (failure) {
      if (!(failure instanceof Refusal)) {
        if (budgetHold) await this.deps.counters.release(budgetHold.key, budgetHold.micros);
        throw failure;
      }
      // Nothing refused is spent: give the reservation back.
      if (budgetHold) await this.deps.counters.release(budgetHold.key, budgetHold.micros);
      const decoded = decodePlatformError(ConnectError.from(failure.error));
      const key = decoded?.entry.key ?? "";
      const reason = String(decoded?.params["reason"] ?? decoded?.entry.detail ?? "");
      await this.record(em, caller, { id: actionId, agentId: req.agentId, actionType: req.actionType, outcome: "denied", refusal: key, decidedBy: failure.decidedBy, reason, risk, cost, at });
      await this.deps.approval.appendAuditEntry({
        eventType: "decision.denied", agentId: req.agentId, actionId, outcome: "denied",
        data: { refusal: key, decided_by: failure.decidedBy, action_type: req.actionType, risk_score: risk.score, risk_level: risk.level, reason },
      });
      throw failure.error;
    }
  }

  /**
   * What the pipeline would decide, with nothing stored, counted or reserved: rate
   * limits and budget are read, not incremented (POST /api/governance/policies/evaluate-realtime).
   */
  async evaluate(caller: Caller, req: EvaluateActionRequest): Promise<EvaluateActionResponse> {
    const at = this.now();
    const em = this.deps.orm.em.fork();
    const cost = req.estimatedCostUsd ?? 0;
    const parameters = req.parameters ?? {};
    const found = req.agentId ? await this.deps.registry.getAgent({ agentId: req.agentId }) : undefined;
    const agent = found?.agent;
    const risk = resolveRisk({ score: req.riskScore, level: req.riskLevel }, { actionType: req.actionType, resource: req.resource, estimatedCostUsd: cost, parameters, recentDenials: 0 });
    const facts = { agentId: req.agentId, agentType: agent?.agentType ?? "", actionType: req.actionType, resource: req.resource, riskScore: risk.score, riskLevel: risk.level, estimatedCostUsd: cost, parameters };
    const answer = { riskScore: risk.score, riskLevel: risk.level, riskFactors: risk.factors.map((f) => ({ ...f })) };
    try {
      if (agent) {
        this.step("kill_switch", () => assertAgentActive(agent, found?.organizationKillSwitch));
        await this.stepAsync("rate_limit", () => this.checkRateLimits(caller, agent, at, true));
        const window = agent.governance?.allowedWindow;
        if (window) this.step("time_window", () => assertInsideWindow(agent.agentId, { startTime: window.startTime, endTime: window.endTime, timezone: window.timezone, days: window.days }, at));
        await this.stepAsync("budget", () => this.reserveBudget(caller, agent, cost, at, true));
      }
      const [policies, rules] = await Promise.all([this.policies(em, caller.organizationId), this.matchingRules(em, caller.organizationId, facts, agent, at)]);
      const policy = decidingPolicy(policies, facts);
      const routing = this.step(policy?.effect === "deny" ? `policy:${policy.id}` : "smart_rules", () => decide(facts, policy, rules));
      return create(EvaluateActionResponseSchema, { ...answer, status: routing.status, requiredLevel: routing.requiredLevel, reason: routing.reason, decidedBy: routing.decidedBy });
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      const decoded = decodePlatformError(ConnectError.from(failure.error));
      const violations = (decoded?.params["policy_violations"] as { policy_id: string; policy_name: string; reason: string }[] | undefined) ?? [];
      return create(EvaluateActionResponseSchema, {
        ...answer, status: "denied", reason: String(decoded?.params["reason"] ?? decoded?.entry.detail ?? ""), decidedBy: failure.decidedBy,
        refusalCode: decoded?.entry.code ?? "", policyViolations: violations.map((v) => ({ policyId: v.policy_id, policyName: v.policy_name, reason: v.reason })),
      });
    }
  }

  private step<T>(decidedBy: string, check: () => T): T {
    try {
      return check();
    } catch (error) {
      throw new Refusal(error, decidedBy);
    }
  }

  private async stepAsync<T>(decidedBy: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof ConnectError && decodePlatformError(error)) throw new Refusal(error, decidedBy);
      throw error;
    }
  }

  private async checkRateLimits(caller: Caller, agent: Agent, at: Date, dryRun = false): Promise<void> {
    const limits = agent.governance?.rateLimits;
    if (!limits) return;
    const configured = [["per_minute", limits.perMinute], ["per_hour", limits.perHour]] as const;
    const counts: WindowCount[] = [];
    for (const [window, limit] of configured) {
      if (limit === undefined) continue;
      const { key, resetsIn } = rateWindow(caller.organizationId, agent.agentId, window, at);
      const current = dryRun ? (await this.deps.counters.read(key)) + 1 : await this.deps.counters.increment(key, resetsIn + 5);
      counts.push({ window, limit, current, resetsIn });
    }
    assertWithinRateLimits(agent.agentId, counts);
  }

  private async reserveBudget(caller: Caller, agent: Agent, cost: number, at: Date, dryRun = false) {
    const max = agent.governance?.maxDailyUsd;
    if (max === undefined) return undefined;
    const timezone = agent.governance?.allowedWindow?.timezone || "UTC";
    const { key, resetsIn } = budgetDay(caller.organizationId, agent.agentId, timezone, at);
    const micros = toMicros(cost);
    if (dryRun) {
      const spent = await this.deps.counters.read(key);
      if (spent + micros > toMicros(max)) throw budgetExceeded(agent.agentId, max, spent, resetsIn);
      return undefined;
    }
    const result = await this.deps.counters.reserve(key, micros, toMicros(max), resetsIn + 3600);
    if (!result.reserved) throw budgetExceeded(agent.agentId, max, result.total, resetsIn);
    return { key, micros };
  }

  private async policies(em: EntityManager, organizationId: string): Promise<PolicyRule[]> {
    const rows = await em.find(PolicyEntity, { organizationId, enabled: true }, { orderBy: { createdAt: "asc" } });
    return rows.map((p) => ({ ...p, effect: p.effect as PolicyRule["effect"] }));
  }

  private async matchingRules(em: EntityManager, organizationId: string, facts: Parameters<typeof bindingsFor>[0], agent: Agent | undefined, at: Date): Promise<SmartRuleDef[]> {
    const rows = await em.find(SmartRuleEntity, { organizationId, enabled: true }, { orderBy: { createdAt: "asc" } });
    const bindings = bindingsFor(facts, { agentId: agent?.agentId ?? "", agentType: agent?.agentType ?? "", name: agent?.name ?? "" }, at);
    return rows
      .filter((rule) => {
        let compiled = this.programs.get(rule.expression);
        if (!compiled) this.programs.set(rule.expression, (compiled = compileExpression(rule.expression)));
        return "program" in compiled && ruleMatches(compiled.program, bindings);
      })
      .map((r) => ({ ...r, effect: r.effect as SmartRuleDef["effect"] }));
  }

  /**
   * Gives back what a pending action reserved, once: the decision row's amount is
   * claimed with a conditional update, so a repeated or concurrent release returns nothing.
   */
  async releaseBudget(caller: Caller, actionId: string): Promise<number> {
    const em = this.deps.orm.em.fork();
    const decision = await em.findOne(DecisionEntity, { id: actionId, organizationId: caller.organizationId });
    const micros = Number(decision?.budgetMicros ?? 0);
    if (!decision || !decision.budgetKey || micros <= 0) return 0;
    const claimed = await em.nativeUpdate(DecisionEntity, { id: actionId, organizationId: caller.organizationId, budgetMicros: micros }, { budgetMicros: 0 });
    if (claimed !== 1) return 0;
    await this.deps.counters.release(decision.budgetKey, micros);
    return fromMicros(micros);
  }

  private async record(em: EntityManager, caller: Caller, d: { id: string; agentId: string; actionType: string; outcome: string; refusal: string; decidedBy: string; reason: string; risk: RiskAssessment; cost: number; at: Date; held?: { key: string; micros: number } }) {
    await new DecisionRepository(em).record(em.create(DecisionEntity, {
      id: d.id, organizationId: caller.organizationId, agentId: d.agentId, actionType: d.actionType, outcome: d.outcome, refusal: d.refusal,
      decidedBy: d.decidedBy, reason: d.reason, riskScore: d.risk.score, riskLevel: d.risk.level, estimatedCostUsd: d.cost,
      submittedByUserId: caller.userId, correlationId: currentCorrelationId() ?? "", createdAt: d.at,
      budgetKey: d.held?.key ?? "", budgetMicros: d.held?.micros ?? 0,
    }));
  }
}
