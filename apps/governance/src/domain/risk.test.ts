import { describe, expect, it } from "vitest";
import { RISK_LEVELS, assessRisk, resolveRisk, riskLevelOf, type RiskInput } from "./risk.js";

/**
 * Properties of the risk score that hold whatever the weights are (the weights
 * themselves are pinned in domain.test.ts).
 */
const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({ actionType: "read_file", resource: "", estimatedCostUsd: 0, parameters: {}, recentDenials: 0, ...overrides });

describe("assessRisk", () => {
  it("is deterministic and stays within 0-100 with a level that matches the score", () => {
    const inputs = [
      input(),
      input({ actionType: "delete_database", resource: "prod/secret", estimatedCostUsd: 1_000_000, parameters: { password: "x" }, recentDenials: 50 }),
      input({ actionType: "frobnicate" }),
    ];
    for (const i of inputs) {
      const risk = assessRisk(i);
      expect(assessRisk(i)).toEqual(risk);
      expect(risk.score).toBeGreaterThanOrEqual(0);
      expect(risk.score).toBeLessThanOrEqual(100);
      expect(risk.level).toBe(riskLevelOf(risk.score));
    }
  });

  it("explains every point of the score", () => {
    const risk = assessRisk(input({ actionType: "transfer", resource: "bank/1", estimatedCostUsd: 5_000, recentDenials: 2 }));
    expect(risk.factors.reduce((sum, f) => sum + f.points, 0)).toBe(risk.score);
    for (const factor of risk.factors) expect(factor.explanation).not.toBe("");
  });

  it("rates destroying above moving money above writing above reading", () => {
    const score = (actionType: string) => assessRisk(input({ actionType })).score;
    expect(score("delete_records")).toBeGreaterThan(score("transfer_funds"));
    expect(score("transfer_funds")).toBeGreaterThan(score("update_profile"));
    expect(score("update_profile")).toBeGreaterThan(score("read_file"));
  });

  it("never lowers the score for a sensitive resource, a higher cost or more recent denials", () => {
    const base = assessRisk(input()).score;
    expect(assessRisk(input({ resource: "prod/customers" })).score).toBeGreaterThan(base);
    expect(assessRisk(input({ estimatedCostUsd: 50_000 })).score).toBeGreaterThan(assessRisk(input({ estimatedCostUsd: 500 })).score);
    expect(assessRisk(input({ recentDenials: 3 })).score).toBeGreaterThan(base);
  });
});

describe("resolveRisk", () => {
  it("keeps a score the client gave, with the level that score has", () => {
    expect(resolveRisk({ score: 42 }, input({ actionType: "delete_everything" }))).toMatchObject({ score: 42, level: "medium" });
  });

  it("computes the score when none is given, keeping a level the client gave", () => {
    const computed = assessRisk(input());
    expect(resolveRisk({}, input())).toEqual(computed);
    expect(resolveRisk({ level: "high" }, input())).toMatchObject({ score: computed.score, level: "high" });
  });
});

describe("riskLevelOf", () => {
  it("orders the levels with the score", () => {
    const levels = [0, 45, 75, 95].map(riskLevelOf);
    expect(levels).toEqual([...RISK_LEVELS]);
  });
});
