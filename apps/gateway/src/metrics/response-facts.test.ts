import { describe, expect, it } from "vitest";
import { responseFacts } from "./response-facts.js";

describe("governance facts read off gateway answers", () => {
  it("counts an auto-approved submission with its cost", () => {
    expect(responseFacts("POST", "/api/actions", 200, { status: "auto_approved", estimated_cost_usd: 12.5 })).toEqual({
      decision: "auto_approved",
      refusalCode: "none",
      admittedCostUsd: 12.5,
    });
  });

  it("counts a pending submission on the vendor route", () => {
    expect(
      responseFacts("POST", "/api/v1/actions/submit", 202, {
        status: "pending_approval",
        estimated_cost_usd: 2500,
        error: { code: "APPROVAL_REQUIRED" },
      }),
    ).toEqual({ decision: "pending_approval", refusalCode: "none", admittedCostUsd: 2500 });
  });

  it("counts refusals with their code, and 429s by limit kind", () => {
    expect(responseFacts("POST", "/api/actions", 403, { error: { code: "KILL_SWITCH_ACTIVE", details: {} } })).toEqual({
      decision: "denied",
      refusalCode: "KILL_SWITCH_ACTIVE",
    });
    expect(responseFacts("POST", "/api/actions", 429, { error: { code: "BUDGET_EXCEEDED", details: {} } })).toEqual({
      decision: "denied",
      refusalCode: "BUDGET_EXCEEDED",
      limitKind: "budget",
    });
    expect(
      responseFacts("POST", "/api/actions", 429, {
        error: { code: "RATE_LIMIT_EXCEEDED", details: { agent_id: "a" } },
        limits: {},
      }).limitKind,
    ).toBe("agent");
    expect(
      responseFacts("GET", "/api/actions", 429, {
        error: { code: "RATE_LIMIT_EXCEEDED", details: { window: "hour" } },
      }),
    ).toEqual({ limitKind: "organization_hour" });
    expect(responseFacts("GET", "/api/actions", 429, { error: { code: "QUOTA_EXCEEDED", details: {} } })).toEqual({
      limitKind: "quota",
    });
  });

  it("counts approvals and their refusals", () => {
    expect(responseFacts("POST", "/api/actions/:id/approve", 200, { status: "approved" })).toEqual({
      approval: { move: "approve", outcome: "approved" },
    });
    expect(responseFacts("POST", "/api/v1/actions/:id/reject", 200, { status: "denied" })).toEqual({
      approval: { move: "reject", outcome: "rejected" },
    });
    expect(
      responseFacts("POST", "/api/actions/:id/approve", 403, { error: { code: "SELF_APPROVAL_NOT_PERMITTED" } }),
    ).toEqual({ approval: { move: "approve", outcome: "SELF_APPROVAL_NOT_PERMITTED" } });
  });

  it("says nothing about other answers", () => {
    expect(responseFacts("GET", "/api/actions", 200, { items: [] })).toEqual({});
    expect(responseFacts("POST", "/api/actions", 422, { error: { code: "VALIDATION_ERROR" } })).toEqual({});
    expect(responseFacts("POST", undefined, 404, undefined)).toEqual({});
  });
});
