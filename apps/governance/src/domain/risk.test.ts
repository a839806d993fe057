import { describe, expect, it } from "vitest";
import { RISK_LEVELS, amountIn, assessRisk, resolveRisk, riskLevelOf, type RiskInput } from "./risk.js";

const base = { resource: "", estimatedCostUsd: 0, parameters: {}, recentDenials: 0 };
const factor = (risk: ReturnType<typeof assessRisk>, name: string) => risk.factors.find((f) => f.name === name);

describe("risk floor: a client may raise the computed risk, never lower it (api-contract section 6)", () => {
  const transfer = { ...base, actionType: "transfer", estimatedCostUsd: 2_500 };

  it("risk_score 0 does not lower a $2,500 transfer that scores 70", () => {
    expect(assessRisk(transfer).score).toBe(70);
    const risk = resolveRisk({ score: 0 }, transfer);
    expect(risk).toMatchObject({ score: 70, level: "high" });
    expect(factor(risk, "client_risk_score")).toEqual({
      name: "client_risk_score",
      points: 0,
      explanation: "risk_score 0 given by the client does not lower the computed 70",
    });
  });

  it("risk_level low does not lower it either", () => {
    const risk = resolveRisk({ level: "low" }, transfer);
    expect(risk).toMatchObject({ score: 70, level: "high" });
    expect(factor(risk, "client_risk_level")?.points).toBe(0);
  });

  it("a higher client score raises the result and is named", () => {
    const risk = resolveRisk({ score: 75 }, { ...base, actionType: "read" });
    expect(risk).toMatchObject({ score: 75, level: "high" });
    expect(factor(risk, "client_risk_score")).toEqual({
      name: "client_risk_score",
      points: 70,
      explanation: "risk_score 75 given by the client raised the computed 5",
    });
  });

  it("a higher client level raises the score to that level's floor", () => {
    const risk = resolveRisk({ score: 10, level: "critical" }, { ...base, actionType: "read" });
    expect(risk).toMatchObject({ score: 90, level: "critical" });
    expect(factor(risk, "client_risk_level")?.points).toBe(80);
  });

  it("an unknown level is ignored, the computed risk stands", () => {
    expect(resolveRisk({ level: "minimal" }, transfer)).toMatchObject({ score: 70, level: "high" });
  });
});

describe("risk model: what the vendor SDKs send (issue 12 item 13)", () => {
  it.each([
    ["transaction", 45],
    ["system_operation", 40],
    ["data_modification", 30],
    ["database_operation", 30],
    ["communication", 20],
    ["api_call", 15],
    ["file_access", 15],
    ["data_access", 15],
    ["query", 5],
    ["recommendation", 5],
  ])("knows the SDK action type %s (%i points)", (actionType, points) => {
    expect(factor(assessRisk({ ...base, actionType }), "action_type")?.points).toBe(points);
  });

  it("finds amounts inside action_details and parameters", () => {
    expect(amountIn({ action_details: { amount: 250_000 } })).toBe(250_000);
    expect(amountIn({ amount: "1200.50" })).toBe(1200.5);
    expect(amountIn({ action_details: { amount: -5, nested: { total: 30 } } })).toBe(30);
    expect(amountIn({ note: "amount 5" })).toBe(0);
  });

  it("the issue's case: a Node SDK transaction of 250,000 is high risk, not auto-approved", () => {
    const risk = resolveRisk(
      {},
      { ...base, actionType: "transaction", parameters: { action_details: { amount: 250_000 } } },
    );
    expect(risk.factors.map((f) => [f.name, f.points])).toEqual([
      ["action_type", 45],
      ["amount", 45],
    ]);
    expect(risk).toMatchObject({ score: 90, level: "critical" });
  });

  it("the Node SDK's documented transfer of $5,000 with risk indicators", () => {
    // docs: submitAction({ action_type: 'transaction', resource: 'customer_account', action_details: { operation: 'transfer',
    //   amount: 5000, currency: 'USD' }, risk_indicators: { pii_involved: false, financial_data: true, data_sensitivity: 'high' } })
    const risk = assessRisk({
      ...base,
      actionType: "transaction",
      resource: "customer_account",
      parameters: {
        resource_id: "ACC-12345",
        action_details: { operation: "transfer", amount: 5000, currency: "USD", destination: "savings_account" },
        context: { user_request: "Transfer $5000 to my savings", session_id: "sess_abc123" },
        risk_indicators: { pii_involved: false, financial_data: true, data_sensitivity: "high" },
      },
    });
    expect(risk.factors.map((f) => [f.name, f.points])).toEqual([
      ["action_type", 45],
      ["resource", 20],
      ["amount", 25],
      ["risk_indicators", 15],
      ["parameters", 10],
    ]);
    expect(factor(risk, "risk_indicators")?.explanation).toBe("risk indicators: financial_data, data_sensitivity=high");
    expect(risk).toMatchObject({ score: 100, level: "critical" });
  });

  it("the Python SDK's documented data_access of a customer database stays low", () => {
    const risk = assessRisk({ ...base, actionType: "data_access", resource: "customer_database" });
    expect(risk).toMatchObject({ score: 35, level: "low" });
  });

  it("the quick start's low-risk query is auto-approvable", () => {
    const risk = assessRisk({
      ...base,
      actionType: "query",
      resource: "product_categories",
      parameters: { description: "Retrieve product list", tool_name: "catalog" },
    });
    expect(risk).toMatchObject({ score: 5, level: "low" });
  });

  it("risk indicators count at most 20", () => {
    const risk = assessRisk({
      ...base,
      actionType: "query",
      parameters: {
        risk_indicators: { pii_involved: true, irreversible: true, privileged: true, data_sensitivity: "critical" },
      },
    });
    expect(factor(risk, "risk_indicators")?.points).toBe(20);
  });

  it("the cost counts once: the larger of estimated cost and detail amount", () => {
    const risk = assessRisk({ ...base, actionType: "query", estimatedCostUsd: 20_000, parameters: { amount: 150 } });
    expect(risk.factors.map((f) => f.name)).toEqual(["action_type", "cost"]);
  });
});

/**
 * Properties of the risk score that hold whatever the weights are (the weights
 * themselves are pinned by the tests above and in domain.test.ts).
 */
const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  actionType: "read_file",
  resource: "",
  estimatedCostUsd: 0,
  parameters: {},
  recentDenials: 0,
  ...overrides,
});

describe("assessRisk", () => {
  it("is deterministic and stays within 0-100 with a level that matches the score", () => {
    const inputs = [
      input(),
      input({
        actionType: "delete_database",
        resource: "prod/secret",
        estimatedCostUsd: 1_000_000,
        parameters: { password: "x" },
        recentDenials: 50,
      }),
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
    const risk = assessRisk(
      input({ actionType: "transfer", resource: "bank/1", estimatedCostUsd: 5_000, recentDenials: 2 }),
    );
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
    expect(assessRisk(input({ estimatedCostUsd: 50_000 })).score).toBeGreaterThan(
      assessRisk(input({ estimatedCostUsd: 500 })).score,
    );
    expect(assessRisk(input({ recentDenials: 3 })).score).toBeGreaterThan(base);
  });
});

describe("resolveRisk without a client score", () => {
  it("is the computed assessment", () => {
    expect(resolveRisk({}, input())).toEqual(assessRisk(input()));
  });
});

describe("riskLevelOf", () => {
  it("orders the levels with the score", () => {
    const levels = [0, 45, 75, 95].map(riskLevelOf);
    expect(levels).toEqual([...RISK_LEVELS]);
  });
});
