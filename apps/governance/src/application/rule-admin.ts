import type { MikroORM } from "@mikro-orm/core";
import { TOPICS, type ChangeFeed } from "@platform/changes";
import { platformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import type { Principal } from "@platform/proto/principal";
import { requireRole } from "@platform/rpc";
import { assertRiskRange, checkedProgram } from "../domain/rule-checks.js";
import type { Policy, SmartRule } from "../persistence/policy-entity.js";
import { RuleRepository } from "../persistence/rule-repository.js";

type Caller = Principal & { organizationId: string };

/** The stored fields of a policy or a smart rule, as the contract's input gives them. */
export type PolicyFields = Omit<Policy, "id" | "organizationId" | "createdAt" | "updatedAt">;
export type SmartRuleFields = Omit<SmartRule, "id" | "organizationId" | "createdAt" | "updatedAt">;

const policyNotFound = (id: string) =>
  platformError("POLICY_NOT_FOUND", { policy_id: id }, { resource: { type: "policy", name: id } });
const ruleNotFound = (id: string) =>
  platformError("SMART_RULE_NOT_FOUND", { rule_id: id }, { resource: { type: "smart_rule", name: id } });

/**
 * Policies and smart rules of an organization: reading for any member, writing for
 * admins. Every write is announced on the governance topic once committed, so every
 * replica's rule book applies it to the next decision.
 */
export class RuleAdmin {
  constructor(
    private readonly orm: MikroORM,
    private readonly feed: ChangeFeed,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private repository() {
    return new RuleRepository(this.orm.em.fork());
  }

  private changed(caller: Caller): Promise<void> {
    return this.feed.publish({ topic: TOPICS.governance, organizationId: caller.organizationId, key: "" });
  }

  listPolicies(caller: Caller): Promise<Policy[]> {
    return this.repository().policies(caller.organizationId);
  }

  async policy(caller: Caller, id: string): Promise<Policy> {
    return (await this.repository().policy(caller.organizationId, id)) ?? Promise.reject(policyNotFound(id));
  }

  async createPolicy(caller: Caller, fields: PolicyFields): Promise<Policy> {
    requireRole(caller, "admin");
    assertRiskRange(fields.conditions, "policy.conditions");
    const at = this.now();
    const policy = await this.repository().addPolicy({
      id: newId("pol"),
      organizationId: caller.organizationId,
      ...fields,
      createdAt: at,
      updatedAt: at,
    });
    await this.changed(caller);
    return policy;
  }

  async updatePolicy(caller: Caller, id: string, fields: PolicyFields): Promise<Policy> {
    requireRole(caller, "admin");
    const repository = this.repository();
    const policy = await repository.policy(caller.organizationId, id);
    if (!policy) throw policyNotFound(id);
    assertRiskRange(fields.conditions, "policy.conditions");
    Object.assign(policy, fields, { updatedAt: this.now() });
    await repository.save();
    await this.changed(caller);
    return policy;
  }

  async deletePolicy(caller: Caller, id: string): Promise<void> {
    requireRole(caller, "admin");
    if (!(await this.repository().deletePolicy(caller.organizationId, id))) throw policyNotFound(id);
    await this.changed(caller);
  }

  listRules(caller: Caller): Promise<SmartRule[]> {
    return this.repository().rules(caller.organizationId);
  }

  async rule(caller: Caller, id: string): Promise<SmartRule> {
    return (await this.repository().rule(caller.organizationId, id)) ?? Promise.reject(ruleNotFound(id));
  }

  async createRule(caller: Caller, fields: SmartRuleFields): Promise<SmartRule> {
    requireRole(caller, "admin");
    checkedProgram(fields.expression, "rule.expression");
    const at = this.now();
    const rule = await this.repository().addRule({
      id: newId("sr"),
      organizationId: caller.organizationId,
      ...fields,
      createdAt: at,
      updatedAt: at,
    });
    await this.changed(caller);
    return rule;
  }

  async updateRule(caller: Caller, id: string, fields: SmartRuleFields): Promise<SmartRule> {
    requireRole(caller, "admin");
    const repository = this.repository();
    const rule = await repository.rule(caller.organizationId, id);
    if (!rule) throw ruleNotFound(id);
    checkedProgram(fields.expression, "rule.expression");
    Object.assign(rule, fields, { updatedAt: this.now() });
    await repository.save();
    await this.changed(caller);
    return rule;
  }

  async deleteRule(caller: Caller, id: string): Promise<void> {
    requireRole(caller, "admin");
    if (!(await this.repository().deleteRule(caller.organizationId, id))) throw ruleNotFound(id);
    await this.changed(caller);
  }
}
