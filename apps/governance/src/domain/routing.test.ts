import { describe, expect, it } from "vitest";
import { RISK_LEVELS } from "./risk.js";
import { routeByRisk } from "./routing.js";

describe("routeByRisk", () => {
  it("approves low risk automatically, explained", () => {
    expect(routeByRisk("low", 12)).toEqual({
      status: "auto_approved",
      requiredLevel: 0,
      reason: "Low risk (12) is approved automatically",
      decidedBy: "risk",
    });
  });

  it("asks one approval level more for each level of risk above low", () => {
    expect(RISK_LEVELS.map((level) => routeByRisk(level, 50).requiredLevel)).toEqual([0, 1, 2, 3]);
  });

  it("names the level, score and approval needed", () => {
    expect(routeByRisk("critical", 95)).toEqual({
      status: "pending_approval",
      requiredLevel: 3,
      reason: "Critical risk (95) requires L3 approval",
      decidedBy: "risk",
    });
  });
});
