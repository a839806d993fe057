import { describe, expect, it } from "vitest";
import { assessRisk, resolveRisk, riskLevelOf } from "./risk.js";
import { routeByRisk } from "./routing.js";

const base = { resource: "", estimatedCostUsd: 0, parameters: {}, recentDenials: 0 };

describe("risk", () => {
  it.each([
    [0, "low"],
    [39, "low"],
    [40, "medium"],
    [69, "medium"],
    [70, "high"],
    [89, "high"],
    [90, "critical"],
    [100, "critical"],
  ])("score %i is %s", (score, level) => expect(riskLevelOf(score)).toBe(level));

  it("lets a client score or level raise the computed risk (see risk.test.ts for the floor)", () => {
    expect(resolveRisk({ score: 75 }, { ...base, actionType: "read" })).toMatchObject({ score: 75, level: "high" });
    expect(resolveRisk({ score: 10, level: "critical" }, { ...base, actionType: "read" })).toMatchObject({
      score: 90,
      level: "critical",
    });
  });

  it("computes a low score for a read and explains it", () => {
    const risk = assessRisk({ ...base, actionType: "read_file" });
    expect(risk).toEqual({
      score: 5,
      level: "low",
      factors: [{ name: "action_type", points: 5, explanation: "'read_file' reads data" }],
    });
  });

  it("adds up type, sensitive resource, cost and history", () => {
    const risk = assessRisk({
      actionType: "transfer",
      resource: "bank/account/42",
      estimatedCostUsd: 5000,
      parameters: {},
      recentDenials: 1,
    });
    expect(risk.factors.map((f) => [f.name, f.points])).toEqual([
      ["action_type", 45],
      ["resource", 20],
      ["cost", 25],
      ["history", 5],
    ]);
    expect(risk).toMatchObject({ score: 95, level: "critical" });
  });
});

describe("routing by risk", () => {
  it("auto-approves low and asks L1/L2/L3 for medium/high/critical", () => {
    expect(routeByRisk("low", 10)).toMatchObject({ status: "auto_approved", requiredLevel: 0 });
    expect(routeByRisk("medium", 50)).toMatchObject({ status: "pending_approval", requiredLevel: 1 });
    expect(routeByRisk("high", 75)).toMatchObject({
      status: "pending_approval",
      requiredLevel: 2,
      reason: "High risk (75) requires L2 approval",
    });
    expect(routeByRisk("critical", 95)).toMatchObject({ status: "pending_approval", requiredLevel: 3 });
  });
});
