/**
 * Risk of an action (api-contract section 6): always computed from the action's type,
 * resource, cost, parameters (amounts and risk indicators the vendor SDKs send) and the
 * agent's recent history, with every contribution explained. A client-given score or
 * level may raise the result, never lower it.
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

/**
 * The vendor SDKs' standard action types (Python `ActionType`, Node `ActionType`), by
 * how much harm they can do. Checked before the verbs below: "transaction" contains none.
 */
const sdkActionTypes: Readonly<Record<string, { points: number; label: string }>> = {
  transaction: { points: 45, label: "is a financial transaction (SDK type)" },
  system_operation: { points: 40, label: "runs a system operation (SDK type)" },
  data_modification: { points: 30, label: "modifies data (SDK type)" },
  database_operation: { points: 30, label: "operates on a database (SDK type)" },
  communication: { points: 20, label: "sends a communication (SDK type)" },
  api_call: { points: 15, label: "calls an external API (SDK type)" },
  file_access: { points: 15, label: "accesses files (SDK type)" },
  data_access: { points: 15, label: "accesses data (SDK type)" },
  query: { points: 5, label: "queries data (SDK type)" },
  recommendation: { points: 5, label: "makes a recommendation (SDK type)" },
};

/** Verbs by how much harm the action can do; the first match wins. */
const actionClasses: readonly { pattern: RegExp; points: number; label: string }[] = [
  { pattern: /(delete|drop|destroy|purge|wipe|terminate|revoke|shutdown)/i, points: 55, label: "destructive" },
  { pattern: /(transfer|payment|pay|trade|withdraw|wire|purchase|refund|sell|buy)/i, points: 45, label: "moves money" },
  {
    pattern: /(exec|execute|deploy|shell|command|run|install|grant|permission)/i,
    points: 40,
    label: "executes or changes access",
  },
  { pattern: /(write|update|create|modify|send|post|put|upload|email)/i, points: 20, label: "writes data" },
  { pattern: /(read|get|list|query|search|fetch|view|describe)/i, points: 5, label: "reads data" },
];

const sensitiveResource =
  /((?<![a-z])prod(uction)?(?![a-z])|secret|credential|password|pii|ssn|payment|bank|customer|finance|\.env|key)/i;

const moneyTiers = [
  [100_000, 45, "$100,000"],
  [10_000, 35, "$10,000"],
  [1_000, 25, "$1,000"],
  [100, 10, "$100"],
] as const;

/** Points for money at stake: the estimated cost, or an amount the action's details name. */
function moneyPoints(name: "cost" | "amount", usd: number): RiskFactor | undefined {
  const tier = moneyTiers.find(([min]) => usd >= min);
  const what = name === "cost" ? `estimated cost $${usd}` : `amount ${usd} in the action's details`;
  return tier && { name, points: tier[1], explanation: `${what} is at least ${tier[2]}` };
}

/** Keys under which the SDKs' `action_details` / `parameters` carry money. */
const amountKeys = /^(amount|amount_usd|value_usd|total|total_usd|cost|cost_usd|price|sum)$/i;

/** The largest amount in the action's parameters or their `action_details` (the SDKs put it there). */
export function amountIn(parameters: Readonly<Record<string, unknown>>): number {
  let largest = 0;
  const scan = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || Array.isArray(value) || depth > 2) return;
    for (const [key, item] of Object.entries(value)) {
      const n =
        typeof item === "number" ? item : typeof item === "string" && /^\d+(\.\d+)?$/.test(item) ? Number(item) : NaN;
      if (amountKeys.test(key) && Number.isFinite(n) && n > largest) largest = n;
      else if (item && typeof item === "object") scan(item, depth + 1);
    }
  };
  scan(parameters, 0);
  return largest;
}

/** The SDKs' `risk_indicators` flags that make an action riskier, with their points. */
const indicatorFlags: Readonly<Record<string, number>> = {
  pii_involved: 10,
  contains_pii: 10,
  financial_data: 5,
  external_access: 5,
  external_transfer: 10,
  irreversible: 10,
  production_system: 5,
  privileged: 10,
  bulk_operation: 5,
};
const sensitivityPoints: Readonly<Record<string, number>> = { medium: 5, high: 10, critical: 15 };

/** What the client's `risk_indicators` add, at most 20, naming each indicator counted. */
function indicatorPoints(parameters: Readonly<Record<string, unknown>>): RiskFactor | undefined {
  const indicators = parameters["risk_indicators"];
  if (!indicators || typeof indicators !== "object" || Array.isArray(indicators)) return undefined;
  const counted: string[] = [];
  let points = 0;
  for (const [key, value] of Object.entries(indicators)) {
    const flag = indicatorFlags[key.toLowerCase()];
    if (flag && value === true) {
      points += flag;
      counted.push(key);
    }
    const sensitivity =
      key.toLowerCase() === "data_sensitivity" && typeof value === "string"
        ? sensitivityPoints[value.toLowerCase()]
        : undefined;
    if (sensitivity) {
      points += sensitivity;
      counted.push(`${key}=${value}`);
    }
  }
  if (points === 0) return undefined;
  return {
    name: "risk_indicators",
    points: Math.min(20, points),
    explanation: `risk indicators: ${counted.join(", ")}`,
  };
}

function actionTypeFactor(actionType: string): RiskFactor {
  const sdk = sdkActionTypes[actionType.toLowerCase()];
  if (sdk) return { name: "action_type", points: sdk.points, explanation: `'${actionType}' ${sdk.label}` };
  const cls = actionClasses.find((c) => c.pattern.test(actionType));
  return cls
    ? { name: "action_type", points: cls.points, explanation: `'${actionType}' ${cls.label}` }
    : { name: "action_type", points: 25, explanation: `'${actionType}' is not a known kind of action` };
}

/** Computes the score from the action alone. Deterministic: same input, same score. */
export function assessRisk(input: RiskInput): RiskAssessment {
  const factors: RiskFactor[] = [actionTypeFactor(input.actionType)];
  if (input.resource && sensitiveResource.test(input.resource)) {
    factors.push({ name: "resource", points: 20, explanation: `resource '${input.resource}' looks sensitive` });
  }
  // Money at stake counts once: the estimated cost or an amount in the details, whichever is larger.
  const amount = amountIn(input.parameters);
  const money =
    amount > input.estimatedCostUsd ? moneyPoints("amount", amount) : moneyPoints("cost", input.estimatedCostUsd);
  if (money) factors.push(money);
  const indicators = indicatorPoints(input.parameters);
  if (indicators) factors.push(indicators);
  const paramText = JSON.stringify(input.parameters);
  if (sensitiveResource.test(paramText)) {
    factors.push({ name: "parameters", points: 10, explanation: "parameters mention sensitive data" });
  }
  if (input.recentDenials > 0) {
    factors.push({
      name: "history",
      points: Math.min(20, input.recentDenials * 5),
      explanation: `${input.recentDenials} denied action(s) in the last 24 hours`,
    });
  }
  const score = Math.max(
    0,
    Math.min(
      100,
      factors.reduce((sum, f) => sum + f.points, 0),
    ),
  );
  return { score, level: riskLevelOf(score), factors };
}

/** The lowest score of each level, so a client's level can raise the score consistently. */
const levelFloor: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 40, high: 70, critical: 90 };

/**
 * The effective risk (api-contract section 6): the computed score, raised, never
 * lowered, by a client-given `risk_score` or `risk_level`; a factor names what the
 * client gave and whether it counted. An agent cannot talk its action into auto-approval.
 */
export function resolveRisk(given: { score?: number; level?: string }, input: RiskInput): RiskAssessment {
  const computed = assessRisk(input);
  const factors = [...computed.factors];
  let score = computed.score;
  if (given.score !== undefined) {
    const raise = Math.max(0, given.score - score);
    factors.push({
      name: "client_risk_score",
      points: raise,
      explanation:
        raise > 0
          ? `risk_score ${given.score} given by the client raised the computed ${computed.score}`
          : `risk_score ${given.score} given by the client does not lower the computed ${computed.score}`,
    });
    score += raise;
  }
  const level = RISK_LEVELS.find((l) => l === given.level);
  if (level) {
    const raise = Math.max(0, levelFloor[level] - score);
    factors.push({
      name: "client_risk_level",
      points: raise,
      explanation:
        raise > 0
          ? `risk_level '${level}' given by the client raised the score to ${levelFloor[level]}`
          : `risk_level '${level}' given by the client does not lower the computed '${riskLevelOf(score)}'`,
    });
    score += raise;
  }
  return { score, level: riskLevelOf(score), factors };
}
