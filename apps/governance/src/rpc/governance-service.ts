import { invalidRequest } from "@platform/errors";
import type { ServiceImpl } from "@connectrpc/connect";
import { GovernanceService } from "@platform/proto";
import { toPlatformError } from "@platform/persistence";
import { SubmitActionRequestSchema } from "@platform/proto/governance";
import { handleEachInBatch, requirePrincipal, requireServiceSender } from "@platform/rpc";
import type { AgentBudgets } from "../application/agent-budgets.js";
import type { DecisionPipeline } from "../application/decision-pipeline.js";
import type { RuleAdmin } from "../application/rule-admin.js";
import { draftsOf, policyFields, smartRuleFields, toPolicyMessage, toSmartRuleMessage } from "./rule-mappers.js";

/** A part protovalidate requires, so always there; a call without it is a field error, not a crash. */
function present<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw invalidRequest([{ field, rule: "required" }]);
  return value;
}

/** What the handlers delegate to. */
export interface GovernanceApplication {
  readonly pipeline: DecisionPipeline;
  readonly rules: RuleAdmin;
  readonly budgets: AgentBudgets;
}

/** What each submission of a SubmitActions batch stands for: a SubmitAction call of its own. */
const SUBMIT_ACTION = { service: GovernanceService.typeName, method: GovernanceService.method.submitAction.name };

/** Connect handlers of governance: contract <-> application only. */
export function governanceService({
  pipeline,
  rules,
  budgets,
}: GovernanceApplication): ServiceImpl<typeof GovernanceService> {
  return {
    submitAction: async (req, ctx) => ({ action: await pipeline.submit(requirePrincipal(ctx), req) }),
    submitActions: async (req, ctx) => {
      requireServiceSender(ctx);
      const outcomes = await handleEachInBatch(
        req.submissions,
        { rpc: SUBMIT_ACTION, schema: SubmitActionRequestSchema, mapError: toPlatformError },
        (caller, submission) => pipeline.submit(caller, submission),
      );
      return { outcomes: outcomes.map((o) => ("result" in o ? { action: o.result } : { error: o.error })) };
    },
    evaluateAction: (req, ctx) => pipeline.evaluate(requirePrincipal(ctx), req, draftsOf(req)),
    releaseBudget: async (req, ctx) => ({
      releasedUsd: await pipeline.releaseBudget(requirePrincipal(ctx), req.actionId, req.budgetKey, Number(req.micros)),
    }),
    getAgentBudget: async (req, ctx) => ({ budget: await budgets.of(requirePrincipal(ctx), req.agentId) }),

    createPolicy: async (req, ctx) => ({
      policy: toPolicyMessage(
        await rules.createPolicy(requirePrincipal(ctx), policyFields(present(req.policy, "policy"))),
      ),
    }),
    listPolicies: async (_req, ctx) => ({
      items: (await rules.listPolicies(requirePrincipal(ctx))).map(toPolicyMessage),
    }),
    getPolicy: async (req, ctx) => ({ policy: toPolicyMessage(await rules.policy(requirePrincipal(ctx), req.id)) }),
    updatePolicy: async (req, ctx) => ({
      policy: toPolicyMessage(
        await rules.updatePolicy(requirePrincipal(ctx), req.id, policyFields(present(req.policy, "policy"))),
      ),
    }),
    deletePolicy: async (req, ctx) => {
      await rules.deletePolicy(requirePrincipal(ctx), req.id);
      return {};
    },

    createSmartRule: async (req, ctx) => ({
      rule: toSmartRuleMessage(
        await rules.createRule(requirePrincipal(ctx), smartRuleFields(present(req.rule, "rule"))),
      ),
    }),
    listSmartRules: async (_req, ctx) => ({
      items: (await rules.listRules(requirePrincipal(ctx))).map(toSmartRuleMessage),
    }),
    getSmartRule: async (req, ctx) => ({ rule: toSmartRuleMessage(await rules.rule(requirePrincipal(ctx), req.id)) }),
    updateSmartRule: async (req, ctx) => ({
      rule: toSmartRuleMessage(
        await rules.updateRule(requirePrincipal(ctx), req.id, smartRuleFields(present(req.rule, "rule"))),
      ),
    }),
    deleteSmartRule: async (req, ctx) => {
      await rules.deleteRule(requirePrincipal(ctx), req.id);
      return {};
    },
  };
}
