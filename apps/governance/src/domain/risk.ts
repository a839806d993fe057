/**
 * Risk of an action (api-contract section 6): a client-given score is used as is;
 * otherwise it is computed from the action's type, resource, cost and parameters
 * and the agent's recent history, with every contribution explained.
 */
export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface RiskFactor {
  readonly name: string;
  readonly points: number;
  readonly explanation: string;
}

export interface RiskInput {
  readonly actionType: string;
  readonly resource: string;
  readonly estimatedCostUsd: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Denied actions of this agent in the last 24 hours. */
  readonly recentDenials: number;
}

export interface RiskAssessment {
  readonly score: number;
  readonly level: RiskLevel;
  readonly factors: readonly RiskFactor[];
}

/** 0-39 low, 40-69 medium, 70-89 high, 90-100 critical. */
export function riskLevelOf(score: number): RiskLevel {
  if (score >= 90) return "critical";
  if (score >= 70) return "high";
  if (score >= 40) return "medium";
  return "low";
}

/** Verbs by how much harm the action can do; the first match wins. */
const actionClasses: readonly { pattern: RegExp; points: number; label: string }[] = [
  { pattern: /(delete|drop|destroy|purge|wipe|terminate|revoke|shutdown)/i, points: 55, label: "destructive" },
  { pattern: /(transfer|payment|pay|trade|withdraw|wire|purchase|refund|sell|buy)/i, points: 45, label: "moves money" },
  { pattern: /(exec|execute|deploy|shell|command|run|install|grant|permission)/i, points: 40, label: "executes or changes access" },
  { pattern: /(write|update|create|modify|send|post|put|upload|email)/i, points: 20, label: "writes data" },
  { pattern: /(read|get|list|query|search|fetch|view|describe)/i, points: 5, label: "reads data" },
];

const sensitiveResource = /(prod|production|secret|credential|password|pii|ssn|payment|bank|customer|finance|\.env|key)/i;

function costPoints(cost: number): RiskFactor | undefined {
  if (cost >= 10_000) return { name: "cost", points: 35, explanation: `estimated cost $${cost} is at least $10,000` };
  if (cost >= 1_000) return { name: "cost", points: 25, explanation: `estimated cost $${cost} is at least $1,000` };
  if (cost >= 100) return { name: "cost", points: 10, explanation: `estimated cost $${cost} is at least $100` };
  return undefined;
}

/** Computes the score when the client gave none. Deterministic: same input, same score. */
export function assessRisk(input: RiskInput): RiskAssessment {
  const factors: RiskFactor[] = [];
  const cls = actionClasses.find((c) => c.pattern.test(input.actionType));
  factors.push(
    cls
      ? { name: "action_type", points: cls.points, explanation: `'${input.actionType}' ${cls.label}` }
      : { name: "action_type", points: 25, explanation: `'${input.actionType}' is not a known kind of action` },
  );
  if (input.resource && sensitiveResource.test(input.resource)) {
    factors.push({ name: "resource", points: 20, explanation: `resource '${input.resource}' looks sensitive` });
  }
  const cost = costPoints(input.estimatedCostUsd);
  if (cost) factors.push(cost);
  const paramText = JSON.stringify(input.parameters);
  if (sensitiveResource.test(paramText)) {
    factors.push({ name: "parameters", points: 10, explanation: "parameters mention sensitive data" });
  }
  if (input.recentDenials > 0) {
    factors.push({ name: "history", points: Math.min(20, input.recentDenials * 5), explanation: `${input.recentDenials} denied action(s) in the last 24 hours` });
  }
  const score = Math.max(0, Math.min(100, factors.reduce((sum, f) => sum + f.points, 0)));
  return { score, level: riskLevelOf(score), factors };
}

/** Uses the client's score and level when given (section 6), computes the rest. */
export function resolveRisk(given: { score?: number; level?: string }, input: RiskInput): RiskAssessment {
  if (given.score !== undefined) {
    const level = (given.level as RiskLevel | undefined) ?? riskLevelOf(given.score);
    return { score: given.score, level, factors: [{ name: "client", points: given.score, explanation: "risk_score given by the client" }] };
  }
  const computed = assessRisk(input);
  return given.level ? { ...computed, level: given.level as RiskLevel } : computed;
}
