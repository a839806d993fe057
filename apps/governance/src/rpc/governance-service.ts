import type { ServiceImpl } from "@connectrpc/connect";
import { invalidRequest, platformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import { GovernanceService } from "@platform/proto";
import type { PolicyInput, SmartRuleInput } from "@platform/proto/governance";
import { requirePrincipal, requireRole } from "@platform/rpc";
import { DecisionPipeline, type PipelineDeps } from "../application/decision-pipeline.js";
import { compileExpression } from "../domain/smart-rule.js";
import { PolicyEntity, SmartRuleEntity } from "../persistence/policy-entity.js";
import { policyFields, smartRuleFields, toPolicyMessage, toSmartRuleMessage } from "./rule-mappers.js";

type Impl = Partial<ServiceImpl<typeof GovernanceService>>;

/** What governance needs: its database, the registry and approval services, the counters, a clock. */
export type GovernanceDeps = PipelineDeps;

/** A smart rule's CEL must compile when it is saved: a bad expression is a field error now, never a 500 later. */
function assertExpression(input: SmartRuleInput): void {
  const compiled = compileExpression(input.expression);
  if ("error" in compiled) throw invalidRequest([{ field: "rule.expression", rule: "typeError" in compiled ? "type.cel" : "cel.expression", text: `invalid CEL expression: ${compiled.error}` }]);
}

/** A policy's risk range must not be empty. */
function assertPolicy(input: PolicyInput): void {
  const c = input.conditions;
  if (c?.minRiskScore !== undefined && c.maxRiskScore !== undefined && c.minRiskScore > c.maxRiskScore) {
    throw invalidRequest([{ field: "policy.conditions.max_risk_score", rule: "int32.gte", limit: c.minRiskScore }]);
  }
}

/** Connect handlers of governance: the pipeline, policies and smart rules. */
export function governanceService(deps: GovernanceDeps): Impl {
  const now = deps.now ?? (() => new Date());
  const pipeline = new DecisionPipeline(deps);
  const policyNotFound = (id: string) => platformError("POLICY_NOT_FOUND", { policy_id: id }, { resource: { type: "policy", name: id } });
  const ruleNotFound = (id: string) => platformError("SMART_RULE_NOT_FOUND", { rule_id: id }, { resource: { type: "smart_rule", name: id } });

  return {
    async submitAction(req, ctx) {
      return { action: await pipeline.submit(requirePrincipal(ctx), req) };
    },

    evaluateAction: (req, ctx) => pipeline.evaluate(requirePrincipal(ctx), req),

    async releaseBudget(req, ctx) {
      return { releasedUsd: await pipeline.releaseBudget(requirePrincipal(ctx), req.actionId) };
    },

    async createPolicy(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      assertPolicy(req.policy!);
      const em = deps.orm.em.fork();
      const policy = em.create(PolicyEntity, { id: newId("pol"), organizationId: caller.organizationId, ...policyFields(req.policy!), createdAt: now(), updatedAt: now() });
      await em.persist(policy).flush();
      return { policy: toPolicyMessage(policy) };
    },
    async listPolicies(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const rows = await deps.orm.em.fork().find(PolicyEntity, { organizationId: caller.organizationId }, { orderBy: { priority: "desc", createdAt: "asc" } });
      return { items: rows.map(toPolicyMessage) };
    },
    async getPolicy(req, ctx) {
      const caller = requirePrincipal(ctx);
      const policy = await deps.orm.em.fork().findOne(PolicyEntity, { id: req.id, organizationId: caller.organizationId });
      if (!policy) throw policyNotFound(req.id);
      return { policy: toPolicyMessage(policy) };
    },
    async updatePolicy(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = deps.orm.em.fork();
      const policy = await em.findOne(PolicyEntity, { id: req.id, organizationId: caller.organizationId });
      if (!policy) throw policyNotFound(req.id);
      assertPolicy(req.policy!);
      em.assign(policy, { ...policyFields(req.policy!), updatedAt: now() });
      await em.flush();
      return { policy: toPolicyMessage(policy) };
    },
    async deletePolicy(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const deleted = await deps.orm.em.fork().nativeDelete(PolicyEntity, { id: req.id, organizationId: caller.organizationId });
      if (deleted === 0) throw policyNotFound(req.id);
      return {};
    },

    async createSmartRule(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      assertExpression(req.rule!);
      const em = deps.orm.em.fork();
      const rule = em.create(SmartRuleEntity, { id: newId("sr"), organizationId: caller.organizationId, ...smartRuleFields(req.rule!), createdAt: now(), updatedAt: now() });
      await em.persist(rule).flush();
      return { rule: toSmartRuleMessage(rule) };
    },
    async listSmartRules(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const rows = await deps.orm.em.fork().find(SmartRuleEntity, { organizationId: caller.organizationId }, { orderBy: { createdAt: "asc" } });
      return { items: rows.map(toSmartRuleMessage) };
    },
    async getSmartRule(req, ctx) {
      const caller = requirePrincipal(ctx);
      const rule = await deps.orm.em.fork().findOne(SmartRuleEntity, { id: req.id, organizationId: caller.organizationId });
      if (!rule) throw ruleNotFound(req.id);
      return { rule: toSmartRuleMessage(rule) };
    },
    async updateSmartRule(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = deps.orm.em.fork();
      const rule = await em.findOne(SmartRuleEntity, { id: req.id, organizationId: caller.organizationId });
      if (!rule) throw ruleNotFound(req.id);
      assertExpression(req.rule!);
      em.assign(rule, { ...smartRuleFields(req.rule!), updatedAt: now() });
      await em.flush();
      return { rule: toSmartRuleMessage(rule) };
    },
    async deleteSmartRule(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const deleted = await deps.orm.em.fork().nativeDelete(SmartRuleEntity, { id: req.id, organizationId: caller.organizationId });
      if (deleted === 0) throw ruleNotFound(req.id);
      return {};
    },
  };
}
