import { create } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import type { CounterStore } from "@platform/counters";
import { decodePlatformError } from "@platform/errors";
import { ActionSchema, type Action } from "@platform/proto/action";
import {
  EvaluateActionResponseSchema,
  type EvaluateActionRequest,
  type EvaluateActionResponse,
  type SubmitActionRequest,
} from "@platform/proto/governance";
import type { Principal } from "@platform/proto/principal";
import type { Agent, KillSwitchStatus } from "@platform/proto/registry";
import { currentCorrelationId } from "@platform/telemetry";
import { decide } from "../domain/decision.js";
import { denialWindows, recentDenials } from "../domain/denial-history.js";
import { assertAgentActive } from "../domain/kill-switch.js";
import {
  assertWithinRateLimits,
  agentBudgetDay,
  budgetExceeded,
  fromMicros,
  rateWindow,
  toMicros,
  type WindowCount,
} from "../domain/limits.js";
import { decidingPolicy, type ActionFacts, type PolicyRule } from "../domain/policy.js";
import { resolveRisk, type RiskAssessment, type RiskLevel } from "../domain/risk.js";
import type { Routing } from "../domain/routing.js";
import { bindingsFor, ruleMatches } from "../domain/smart-rule.js";
import { assertInsideWindow } from "../domain/time-window.js";
import type { ActionStore } from "./action-store.js";
import type { AgentDirectory } from "./agent-directory.js";
import type { CompiledRule, RuleBook } from "./rule-book.js";
import { compileDrafts, ruleMatchesOf, withDrafts, type CompiledDrafts, type RuleDrafts } from "./rule-drafts.js";

export interface PipelineDeps {
  readonly agents: AgentDirectory;
  readonly ruleBook: RuleBook;
  readonly actions: ActionStore;
  readonly counters: CounterStore;
  readonly now?: () => Date;
}

type Caller = Principal & { organizationId: string };
type BudgetHold = { readonly key: string; readonly micros: number };

/** What every step reads: the caller, the agent (absent in a dry run without one), the facts, the moment. */
interface Situation {
  readonly caller: Caller;
  readonly agent: Agent | undefined;
  readonly organizationKillSwitch: KillSwitchStatus | undefined;
  readonly facts: ActionFacts & { readonly riskLevel: RiskLevel };
  readonly risk: RiskAssessment;
  readonly at: Date;
  /** Evaluate only: read the counters, change nothing. */
  readonly dryRun: boolean;
  /** Evaluate only: unsaved rules applied with (or instead of) the saved ones. */
  readonly drafts?: CompiledDrafts;
}

/** What the steps have established so far. */
interface Progress {
  hold?: BudgetHold;
  routing?: Routing;
  alerts: CompiledRule[];
  /** The policy the rules step found deciding, if any. */
  policy?: PolicyRule;
  decidedBy?: string;
}

/** The pipeline's answer: refused by a step, or routed (auto-approved or pending at a level). */
export type Verdict =
  | {
      readonly kind: "refused";
      readonly error: ConnectError;
      readonly code: string;
      readonly reason: string;
      readonly decidedBy: string;
      readonly hold?: BudgetHold;
    }
  | {
      readonly kind: "routed";
      readonly routing: Routing;
      readonly hold?: BudgetHold;
      readonly alerts: readonly CompiledRule[];
    };

/** One check of the pipeline. It refuses by throwing a catalogue error; `decidedBy` names what refused. */
interface Step {
  readonly name: string;
  run(situation: Situation, progress: Progress): void | Promise<void>;
}

/**
 * The decision pipeline of api-contract section 6. `submit` and `evaluate` run the same
 * table of steps, in order: agent active (kill switches), rate limits, time window,
 * daily budget, policies and smart rules (which route by risk). Agents and rules come
 * from this replica's memory, kept current by their owners' change notices; counters
 * are the only thing a step touches. A submission is then stored once, by approval,
 * refusals included (status denied with what refused it).
 */
export class DecisionPipeline {
  private readonly now: () => Date;
  private readonly steps: readonly Step[] = [
    {
      name: "kill_switch",
      run: (s) => {
        if (s.agent) assertAgentActive(s.agent, s.organizationKillSwitch);
      },
    },
    { name: "rate_limit", run: (s) => this.checkRateLimits(s) },
    { name: "time_window", run: (s) => this.checkTimeWindow(s) },
    {
      name: "budget",
      run: async (s, p) => {
        p.hold = await this.reserveBudget(s);
      },
    },
    { name: "rules", run: (s, p) => this.applyRules(s, p) },
  ];

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async submit(caller: Caller, req: SubmitActionRequest): Promise<Action> {
    const situation = await this.situation(caller, req, false);
    const verdict = await this.run(situation);
    const base = {
      agentId: req.agentId,
      actionType: req.actionType,
      resource: req.resource,
      riskScore: situation.risk.score,
      riskLevel: situation.risk.level,
      riskFactors: situation.risk.factors.map((f) => ({ ...f })),
      estimatedCostUsd: situation.facts.estimatedCostUsd,
      parameters: req.parameters,
      correlationId: currentCorrelationId() ?? "",
    };
    if (verdict.kind === "refused") {
      // Nothing refused is spent, and the refusal counts against the agent's history.
      await this.release(verdict.hold);
      const windows = denialWindows(caller.organizationId, req.agentId, situation.at);
      await this.deps.counters.increment(windows.currentKey, windows.ttlSeconds);
      await this.deps.actions.record(caller, {
        idempotencyKey: req.idempotencyKey,
        action: create(ActionSchema, {
          ...base,
          status: "denied",
          refusalCode: verdict.code,
          decidedBy: verdict.decidedBy,
          reason: verdict.reason,
        }),
      });
      throw verdict.error;
    }
    const { routing } = verdict;
    // A pending action keeps its reservation until it is approved or refused (ReleaseBudget).
    const held = routing.status === "pending_approval" ? verdict.hold : undefined;
    let recorded;
    try {
      recorded = await this.deps.actions.record(caller, {
        idempotencyKey: req.idempotencyKey,
        budgetHold: held ? { key: held.key, micros: BigInt(held.micros) } : undefined,
        alerts: verdict.alerts.filter((r) => r.effect === "alert").map((r) => ({ ruleId: r.id, ruleName: r.name })),
        action: create(ActionSchema, {
          ...base,
          status: routing.status,
          requiredLevel: routing.requiredLevel,
          reason: routing.reason,
          decidedBy: routing.decidedBy,
        }),
      });
    } catch (failure) {
      await this.release(verdict.hold);
      throw failure;
    }
    // A retry of an action already stored under its idempotency key spends nothing again.
    if (recorded.replayed) await this.release(verdict.hold);
    return recorded.action;
  }

  /**
   * What the pipeline would decide, with nothing stored, counted or reserved: rate
   * limits and budget are read, not incremented (POST /api/governance/policies/evaluate-realtime).
   * Draft rules, checked as saving them would be, are applied to this answer only.
   */
  async evaluate(caller: Caller, req: EvaluateActionRequest, drafts: RuleDrafts = {}): Promise<EvaluateActionResponse> {
    const compiled = compileDrafts(caller, drafts);
    const situation = { ...(await this.situation(caller, req, true)), drafts: compiled };
    const progress: Progress = { alerts: [] };
    const verdict = await this.run(situation, progress);
    const answer = {
      riskScore: situation.risk.score,
      riskLevel: situation.risk.level,
      riskFactors: situation.risk.factors.map((f) => ({ ...f })),
      matchedRules: ruleMatchesOf(progress.policy, progress.alerts, compiled),
    };
    if (verdict.kind === "routed") {
      const { routing } = verdict;
      return create(EvaluateActionResponseSchema, {
        ...answer,
        status: routing.status,
        requiredLevel: routing.requiredLevel,
        reason: routing.reason,
        decidedBy: routing.decidedBy,
      });
    }
    const decoded = decodePlatformError(verdict.error);
    const violations =
      (decoded?.params["policy_violations"] as
        { policy_id: string; policy_name: string; reason: string }[] | undefined) ?? [];
    return create(EvaluateActionResponseSchema, {
      ...answer,
      status: "denied",
      reason: verdict.reason,
      decidedBy: verdict.decidedBy,
      refusalCode: decoded?.entry.code ?? "",
      policyViolations: violations.map((v) => ({ policyId: v.policy_id, policyName: v.policy_name, reason: v.reason })),
    });
  }

  /** Gives back what a pending action held, once per action however often it is asked (the caller retries). */
  async releaseBudget(caller: Caller, actionId: string, budgetKey: string, micros: number): Promise<number> {
    if (!budgetKey || micros <= 0 || !budgetKey.startsWith(`budget:${caller.organizationId}:`)) return 0;
    const released = await this.deps.counters.releaseOnce(
      `released:${caller.organizationId}:${actionId}`,
      budgetKey,
      micros,
      3 * 86_400,
    );
    return released ? fromMicros(micros) : 0;
  }

  /** The facts every step reads; the agent's 404 when a submission names none of the caller's. */
  private async situation(
    caller: Caller,
    req: SubmitActionRequest | EvaluateActionRequest,
    dryRun: boolean,
  ): Promise<Situation> {
    const at = this.now();
    const found =
      req.agentId || !dryRun ? await this.deps.agents.agentOf(caller.organizationId, req.agentId) : undefined;
    const agent = found?.agent;
    const cost = req.estimatedCostUsd ?? 0;
    const parameters = req.parameters ?? {};
    const denials = dryRun ? 0 : await this.recentDenials(caller.organizationId, req.agentId, at);
    const risk = resolveRisk(
      { score: req.riskScore, level: req.riskLevel },
      {
        actionType: req.actionType,
        resource: req.resource,
        estimatedCostUsd: cost,
        parameters,
        recentDenials: denials,
      },
    );
    const facts = {
      agentId: req.agentId,
      agentType: agent?.agentType ?? "",
      actionType: req.actionType,
      resource: req.resource,
      riskScore: risk.score,
      riskLevel: risk.level,
      estimatedCostUsd: cost,
      parameters,
    };
    return { caller, agent, organizationKillSwitch: found?.organizationKillSwitch, facts, risk, at, dryRun };
  }

  /** Runs the steps in order; the first refusal ends it. Failures that are not refusals (an outage) propagate. */
  private async run(situation: Situation, progress: Progress = { alerts: [] }): Promise<Verdict> {
    for (const step of this.steps) {
      try {
        await step.run(situation, progress);
      } catch (failure) {
        const decoded = failure instanceof ConnectError ? decodePlatformError(failure) : undefined;
        if (!decoded || !(failure instanceof ConnectError)) {
          await this.release(progress.hold);
          throw failure;
        }
        const given = decoded.params["reason"];
        const reason = typeof given === "string" ? given : decoded.entry.detail;
        return {
          kind: "refused",
          error: failure,
          code: decoded.entry.key,
          reason,
          decidedBy: progress.decidedBy ?? step.name,
          hold: progress.hold,
        };
      }
    }
    if (!progress.routing) throw new Error("the rules step routes every action it does not refuse");
    return { kind: "routed", routing: progress.routing, hold: progress.hold, alerts: progress.alerts };
  }

  private async recentDenials(organizationId: string, agentId: string, at: Date): Promise<number> {
    const windows = denialWindows(organizationId, agentId, at);
    const [current, previous] = await Promise.all([
      this.deps.counters.read(windows.currentKey),
      this.deps.counters.read(windows.previousKey),
    ]);
    return recentDenials(windows, current, previous);
  }

  private async checkRateLimits({ caller, agent, at, dryRun }: Situation): Promise<void> {
    const limits = agent?.governance?.rateLimits;
    if (!agent || !limits) return;
    const configured = [
      ["per_minute", limits.perMinute],
      ["per_hour", limits.perHour],
    ] as const;
    const counts: WindowCount[] = [];
    for (const [window, limit] of configured) {
      if (limit === undefined) continue;
      const { key, resetsIn } = rateWindow(caller.organizationId, agent.agentId, window, at);
      const current = dryRun
        ? (await this.deps.counters.read(key)) + 1
        : await this.deps.counters.increment(key, resetsIn + 5);
      counts.push({ window, limit, current, resetsIn });
    }
    assertWithinRateLimits(agent.agentId, counts);
  }

  private checkTimeWindow({ agent, at }: Situation): void {
    const window = agent?.governance?.allowedWindow;
    if (!agent || !window) return;
    assertInsideWindow(
      agent.agentId,
      { startTime: window.startTime, endTime: window.endTime, timezone: window.timezone, days: window.days },
      at,
    );
  }

  /** Reserves the action's cost in the agent's day (atomic across replicas), or only reads it in a dry run. */
  private async reserveBudget({ caller, agent, facts, at, dryRun }: Situation): Promise<BudgetHold | undefined> {
    const max = agent?.governance?.maxDailyUsd;
    if (!agent || max === undefined) return undefined;
    const { key, resetsIn } = agentBudgetDay(caller.organizationId, agent, at);
    const micros = toMicros(facts.estimatedCostUsd);
    if (dryRun) {
      const spent = await this.deps.counters.read(key);
      if (spent + micros > toMicros(max)) throw budgetExceeded(agent.agentId, max, spent, resetsIn);
      return undefined;
    }
    const result = await this.deps.counters.reserve(key, micros, toMicros(max), resetsIn + 3600);
    if (!result.reserved) throw budgetExceeded(agent.agentId, max, result.total, resetsIn);
    return { key, micros };
  }

  /** Policies and smart rules from memory: the deciding policy, the matching rules, then routing by risk. */
  private async applyRules({ caller, agent, facts, at, drafts }: Situation, progress: Progress): Promise<void> {
    const saved = await this.deps.ruleBook.rulesOf(caller.organizationId);
    const { policies, rules } = drafts ? withDrafts(saved, drafts) : saved;
    const policy = decidingPolicy(policies, facts);
    progress.policy = policy;
    const bindings = bindingsFor(
      facts,
      { agentId: agent?.agentId ?? "", agentType: agent?.agentType ?? "", name: agent?.name ?? "" },
      at,
    );
    progress.alerts = rules.filter((rule) => ruleMatches(rule.program, bindings));
    progress.decidedBy = policy?.effect === "deny" ? `policy:${policy.id}` : "smart_rules";
    progress.routing = decide(facts, policy, progress.alerts);
  }

  private async release(hold: BudgetHold | undefined): Promise<void> {
    if (hold) await this.deps.counters.release(hold.key, hold.micros);
  }
}
