import type { RiskLevel } from "./risk.js";

/** The outcome the pipeline reached for an action that passed every refusal step. */
export type Routing =
  | { readonly status: "auto_approved"; readonly requiredLevel: 0; readonly reason: string; readonly decidedBy: string }
  | {
      readonly status: "pending_approval";
      readonly requiredLevel: number;
      readonly reason: string;
      readonly decidedBy: string;
    };

/** Default routing by risk level (api-contract section 6), overridable by policies. */
const levelFor: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function routeByRisk(level: RiskLevel, score: number): Routing {
  const required = levelFor[level];
  if (required === 0)
    return {
      status: "auto_approved",
      requiredLevel: 0,
      reason: `Low risk (${score}) is approved automatically`,
      decidedBy: "risk",
    };
  return {
    status: "pending_approval",
    requiredLevel: required,
    reason: `${level.charAt(0).toUpperCase()}${level.slice(1)} risk (${score}) requires L${required} approval`,
    decidedBy: "risk",
  };
}
