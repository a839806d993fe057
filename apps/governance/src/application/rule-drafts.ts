import type { Principal } from "@platform/proto/principal";
import { requireRole } from "@platform/rpc";
import type { PolicyRule } from "../domain/policy.js";
import { assertRiskRange, checkedProgram } from "../domain/rule-checks.js";
import type { PolicyFields, SmartRuleFields } from "./rule-admin.js";
import type { CompiledRule, OrganizationRules } from "./rule-book.js";

/** The id a new draft (one that replaces no saved rule) is known by in decisions and matches. */
export const NEW_DRAFT_ID = "draft";

/** Unsaved rules an evaluation tests: each replaces the saved rule of its id, or adds a new one. */
export interface RuleDrafts {
  readonly rule?: { readonly replaces: string; readonly fields: SmartRuleFields };
  readonly policy?: { readonly replaces: string; readonly fields: PolicyFields };
}

/** Drafts checked and compiled as if they were being saved, ready to stand beside the saved rules. */
export interface CompiledDrafts {
  readonly rule?: CompiledRule;
  readonly policy?: PolicyRule;
}

/**
 * Checks drafts exactly as saving them would: admins only, the same CEL compilation and
 * type check, the same risk range; the same 422, naming the draft's field.
 */
export function compileDrafts(caller: Principal, drafts: RuleDrafts): CompiledDrafts {
  const { rule, policy } = drafts;
  if (!rule && !policy) return {};
  requireRole(caller, "admin");
  if (policy) assertRiskRange(policy.fields.conditions, "draft_policy.conditions");
  return {
    rule: rule && {
      ...rule.fields,
      id: rule.replaces || NEW_DRAFT_ID,
      effect: rule.fields.effect as CompiledRule["effect"],
      program: checkedProgram(rule.fields.expression, "draft_rule.expression"),
    },
    policy: policy && {
      ...policy.fields,
      id: policy.replaces || NEW_DRAFT_ID,
      effect: policy.fields.effect as PolicyRule["effect"],
    },
  };
}

/**
 * A saved list with `draft` where the saved item of its id stands (its place decides
 * ties), or after them; a disabled draft takes its saved item out.
 */
function replaced<T extends { readonly id: string; readonly enabled: boolean }>(
  saved: readonly T[],
  draft: T | undefined,
): readonly T[] {
  if (!draft) return saved;
  const merged = saved.some((item) => item.id === draft.id)
    ? saved.map((item) => (item.id === draft.id ? draft : item))
    : [...saved, draft];
  return merged.filter((item) => item !== draft || draft.enabled);
}

/** The organization's rules with the drafts in place; new lists, so the rule book's copy never changes. */
export function withDrafts(saved: OrganizationRules, drafts: CompiledDrafts): OrganizationRules {
  return { rules: replaced(saved.rules, drafts.rule), policies: replaced(saved.policies, drafts.policy) };
}

/** What matched an evaluated action: the deciding policy, then every matching smart rule; drafts marked. */
export function ruleMatchesOf(
  policy: PolicyRule | undefined,
  rules: readonly CompiledRule[],
  drafts: CompiledDrafts,
): { kind: "policy" | "smart_rule"; id: string; name: string; effect: string; draft: boolean }[] {
  return [
    ...(policy ? [{ kind: "policy" as const, rule: policy, draft: policy === drafts.policy }] : []),
    ...rules.map((rule) => ({ kind: "smart_rule" as const, rule, draft: rule === drafts.rule })),
  ].map(({ kind, rule, draft }) => ({ kind, id: rule.id, name: rule.name, effect: rule.effect, draft }));
}
