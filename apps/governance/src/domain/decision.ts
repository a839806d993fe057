import { platformError } from "@platform/errors";
import type { ActionFacts, PolicyRule } from "./policy.js";
import type { RiskLevel } from "./risk.js";
import { routeByRisk, type Routing } from "./routing.js";
import type { SmartRuleDef } from "./smart-rule.js";

/** Step 5 and 6 of the pipeline: the deciding policy, the matching smart rules, then risk. */
export function decide(
  facts: ActionFacts & { riskLevel: RiskLevel },
  policy: PolicyRule | undefined,
  rules: readonly SmartRuleDef[],
): Routing {
  const violation = (reason: string, id: string, name: string) => [{ policy_id: id, policy_name: name, reason }];
  if (policy?.effect === "deny") {
    const reason = policy.description || `Denied by policy '${policy.name}'`;
    throw platformError("ACTION_DENIED", {
      policy_id: policy.id,
      policy_name: policy.name,
      risk_score: facts.riskScore,
      risk_level: facts.riskLevel,
      reason,
      policy_violations: violation(reason, policy.id, policy.name),
    });
  }
  const denyRule = rules.find((r) => r.effect === "deny");
  if (denyRule) {
    const reason = `Matched smart rule '${denyRule.name}': ${denyRule.expression}`;
    throw platformError("POLICY_VIOLATION", {
      rule_id: denyRule.id,
      rule_name: denyRule.name,
      expression: denyRule.expression,
      reason,
      policy_violations: violation(reason, denyRule.id, denyRule.name),
    });
  }
  const byRisk = routeByRisk(facts.riskLevel, facts.riskScore);
  const approvalRules = rules.filter((r) => r.effect === "require_approval");
  const levels = [
    ...(policy?.effect === "require_approval" ? [policy.requiredLevel || Math.max(1, byRisk.requiredLevel)] : []),
    ...approvalRules.map((r) => r.requiredLevel || Math.max(1, byRisk.requiredLevel)),
  ];
  if (levels.length > 0) {
    const requiredLevel = Math.max(...levels);
    // Levels come from the policy or from at least one approval rule, so one of the two names it.
    const firstRule = approvalRules[0];
    const by =
      policy?.effect === "require_approval" || !firstRule ? `policy:${policy?.id ?? ""}` : `smart_rule:${firstRule.id}`;
    return {
      status: "pending_approval",
      requiredLevel,
      reason: `Requires L${requiredLevel} approval (${by})`,
      decidedBy: by,
    };
  }
  if (policy?.effect === "allow") {
    return {
      status: "auto_approved",
      requiredLevel: 0,
      reason: `Allowed by policy '${policy.name}'`,
      decidedBy: `policy:${policy.id}`,
    };
  }
  return byRisk;
}
