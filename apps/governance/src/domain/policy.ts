/** A policy as the pipeline sees it (api-contract section 6). */
export interface PolicyRule {
  readonly id: string;
  readonly name: string;
  readonly effect: "deny" | "require_approval" | "allow";
  readonly requiredLevel: number;
  readonly priority: number;
  readonly enabled: boolean;
  readonly description: string;
  readonly conditions: PolicyConditions;
}

export interface PolicyConditions {
  readonly action_types?: readonly string[];
  readonly agent_ids?: readonly string[];
  readonly agent_types?: readonly string[];
  readonly resource_patterns?: readonly string[];
  readonly min_risk_score?: number;
  readonly max_risk_score?: number;
  readonly min_cost_usd?: number;
}

/** What a policy or smart rule is matched against. */
export interface ActionFacts {
  readonly agentId: string;
  readonly agentType: string;
  readonly actionType: string;
  readonly resource: string;
  readonly riskScore: number;
  readonly riskLevel: string;
  readonly estimatedCostUsd: number;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

/** Every condition given must hold; an absent or empty condition holds. */
export function policyMatches(conditions: PolicyConditions, facts: ActionFacts): boolean {
  const inList = (list: readonly string[] | undefined, value: string) => !list?.length || list.includes(value);
  return (
    inList(conditions.action_types, facts.actionType) &&
    inList(conditions.agent_ids, facts.agentId) &&
    inList(conditions.agent_types, facts.agentType) &&
    (!conditions.resource_patterns?.length ||
      conditions.resource_patterns.some((p) => globToRegExp(p).test(facts.resource))) &&
    (conditions.min_risk_score === undefined || facts.riskScore >= conditions.min_risk_score) &&
    (conditions.max_risk_score === undefined || facts.riskScore <= conditions.max_risk_score) &&
    (conditions.min_cost_usd === undefined || facts.estimatedCostUsd >= conditions.min_cost_usd)
  );
}

/** The enabled policy of highest priority that matches (ties: the earliest created, as listed). */
export function decidingPolicy(policies: readonly PolicyRule[], facts: ActionFacts): PolicyRule | undefined {
  let best: PolicyRule | undefined;
  for (const policy of policies) {
    if (!policy.enabled || !policyMatches(policy.conditions, facts)) continue;
    if (!best || policy.priority > best.priority) best = policy;
  }
  return best;
}
