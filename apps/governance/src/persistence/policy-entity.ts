import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import type { PolicyConditions } from "../domain/policy.js";

export const PolicyEntity = defineEntity({
  name: "Policy",
  tableName: "policies",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    name: p.string(),
    description: p.text(),
    effect: p.string(),
    requiredLevel: p.integer(),
    priority: p.integer(),
    enabled: p.boolean(),
    conditions: p.json<PolicyConditions>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Policy = InferEntity<typeof PolicyEntity>;

export const SmartRuleEntity = defineEntity({
  name: "SmartRule",
  tableName: "smart_rules",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    name: p.string(),
    description: p.text(),
    expression: p.text(),
    effect: p.string(),
    requiredLevel: p.integer(),
    enabled: p.boolean(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type SmartRule = InferEntity<typeof SmartRuleEntity>;
