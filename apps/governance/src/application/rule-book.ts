import type { MikroORM } from "@mikro-orm/core";
import { keyedId, OwnedCache, TOPICS } from "@platform/changes";
import type { PolicyRule } from "../domain/policy.js";
import { compileExpression, type SmartRuleDef } from "../domain/smart-rule.js";
import { RuleRepository } from "../persistence/rule-repository.js";

type Compiled = Extract<ReturnType<typeof compileExpression>, { program: unknown }>;

/** A smart rule with its CEL already planned. */
export type CompiledRule = SmartRuleDef & { readonly program: Compiled["program"] };

/** An organization's enabled policies and compiled smart rules, as the pipeline applies them. */
export interface OrganizationRules {
  readonly policies: readonly PolicyRule[];
  readonly rules: readonly CompiledRule[];
}

/**
 * Every organization's rules, compiled once and kept in memory: read on every
 * decision, changed rarely. A change on any governance replica is announced on the
 * governance topic, which every replica's copy listens to.
 */
export class RuleBook {
  readonly cache = new OwnedCache<OrganizationRules>({ topic: TOPICS.governance, max: 20_000, ttlMs: 300_000 });

  constructor(private readonly orm: MikroORM) {}

  rulesOf(organizationId: string): Promise<OrganizationRules> {
    return this.cache.get(keyedId(organizationId, ""), async () => {
      const { policies, rules } = await new RuleRepository(this.orm.em.fork()).enabled(organizationId);
      const compiled = rules.flatMap((rule): CompiledRule[] => {
        const result = compileExpression(rule.expression);
        // Expressions are checked when saved; one that no longer compiles never matches.
        return "program" in result
          ? [{ ...rule, effect: rule.effect as CompiledRule["effect"], program: result.program }]
          : [];
      });
      return {
        value: { policies: policies.map((p) => ({ ...p, effect: p.effect as PolicyRule["effect"] })), rules: compiled },
        organizationId,
      };
    });
  }
}
