import type { EntityManager } from "@mikro-orm/core";
import { PolicyEntity, SmartRuleEntity, type Policy, type SmartRule } from "./policy-entity.js";

/** Policies and smart rules of one organization at a time: every query is scoped by organization id. */
export class RuleRepository {
  constructor(private readonly em: EntityManager) {}

  /** What the pipeline applies: the enabled ones, oldest first (ties keep their age order). */
  async enabled(organizationId: string): Promise<{ policies: Policy[]; rules: SmartRule[] }> {
    const [policies, rules] = await Promise.all([
      this.em.find(PolicyEntity, { organizationId, enabled: true }, { orderBy: { createdAt: "asc" } }),
      this.em.find(SmartRuleEntity, { organizationId, enabled: true }, { orderBy: { createdAt: "asc" } }),
    ]);
    return { policies, rules };
  }

  policies(organizationId: string): Promise<Policy[]> {
    return this.em.find(PolicyEntity, { organizationId }, { orderBy: { priority: "desc", createdAt: "asc" } });
  }

  policy(organizationId: string, id: string): Promise<Policy | null> {
    return this.em.findOne(PolicyEntity, { id, organizationId });
  }

  rules(organizationId: string): Promise<SmartRule[]> {
    return this.em.find(SmartRuleEntity, { organizationId }, { orderBy: { createdAt: "asc" } });
  }

  rule(organizationId: string, id: string): Promise<SmartRule | null> {
    return this.em.findOne(SmartRuleEntity, { id, organizationId });
  }

  async addPolicy(fields: Policy): Promise<Policy> {
    const policy = this.em.create(PolicyEntity, fields);
    await this.em.persist(policy).flush();
    return policy;
  }

  async addRule(fields: SmartRule): Promise<SmartRule> {
    const rule = this.em.create(SmartRuleEntity, fields);
    await this.em.persist(rule).flush();
    return rule;
  }

  /** Writes changes made to entities this repository loaded. */
  async save(): Promise<void> {
    await this.em.flush();
  }

  /** True when a row was deleted. */
  async deletePolicy(organizationId: string, id: string): Promise<boolean> {
    return (await this.em.nativeDelete(PolicyEntity, { id, organizationId })) > 0;
  }

  async deleteRule(organizationId: string, id: string): Promise<boolean> {
    return (await this.em.nativeDelete(SmartRuleEntity, { id, organizationId })) > 0;
  }
}
