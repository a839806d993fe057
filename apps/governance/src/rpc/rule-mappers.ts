import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  PolicySchema,
  SmartRuleSchema,
  type EvaluateActionRequest,
  type PolicyInput,
  type SmartRuleInput,
} from "@platform/proto/governance";
import type { RuleDrafts } from "../application/rule-drafts.js";
import type { PolicyConditions } from "../domain/policy.js";
import type { Policy, SmartRule } from "../persistence/policy-entity.js";

export const toPolicyMessage = (policy: Policy) =>
  create(PolicySchema, {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    effect: policy.effect,
    requiredLevel: policy.requiredLevel,
    priority: policy.priority,
    enabled: policy.enabled,
    conditions: {
      actionTypes: [...(policy.conditions.action_types ?? [])],
      agentIds: [...(policy.conditions.agent_ids ?? [])],
      agentTypes: [...(policy.conditions.agent_types ?? [])],
      resourcePatterns: [...(policy.conditions.resource_patterns ?? [])],
      minRiskScore: policy.conditions.min_risk_score,
      maxRiskScore: policy.conditions.max_risk_score,
      minCostUsd: policy.conditions.min_cost_usd,
    },
    createdAt: timestampFromDate(policy.createdAt),
    updatedAt: timestampFromDate(policy.updatedAt),
  });

export const toSmartRuleMessage = (rule: SmartRule) =>
  create(SmartRuleSchema, {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    expression: rule.expression,
    effect: rule.effect,
    requiredLevel: rule.requiredLevel,
    enabled: rule.enabled,
    createdAt: timestampFromDate(rule.createdAt),
    updatedAt: timestampFromDate(rule.updatedAt),
  });

/** Contract input -> stored fields of a policy. */
export function policyFields(input: PolicyInput) {
  const c = input.conditions;
  const conditions: PolicyConditions = {
    ...(c?.actionTypes.length ? { action_types: c.actionTypes } : {}),
    ...(c?.agentIds.length ? { agent_ids: c.agentIds } : {}),
    ...(c?.agentTypes.length ? { agent_types: c.agentTypes } : {}),
    ...(c?.resourcePatterns.length ? { resource_patterns: c.resourcePatterns } : {}),
    ...(c?.minRiskScore !== undefined ? { min_risk_score: c.minRiskScore } : {}),
    ...(c?.maxRiskScore !== undefined ? { max_risk_score: c.maxRiskScore } : {}),
    ...(c?.minCostUsd !== undefined ? { min_cost_usd: c.minCostUsd } : {}),
  };
  return {
    name: input.name,
    description: input.description,
    effect: input.effect,
    requiredLevel: input.requiredLevel ?? 0,
    priority: input.priority ?? 0,
    enabled: input.enabled ?? true,
    conditions,
  };
}

export function smartRuleFields(input: SmartRuleInput) {
  return {
    name: input.name,
    description: input.description,
    expression: input.expression,
    effect: input.effect,
    requiredLevel: input.requiredLevel ?? 0,
    enabled: input.enabled ?? true,
  };
}

/** The unsaved rules an evaluation tests, with the saved ones they stand in for. */
export function draftsOf(req: EvaluateActionRequest): RuleDrafts {
  return {
    rule: req.draftRule && { replaces: req.draftRuleId, fields: smartRuleFields(req.draftRule) },
    policy: req.draftPolicy && { replaces: req.draftPolicyId, fields: policyFields(req.draftPolicy) },
  };
}
