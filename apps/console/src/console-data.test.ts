import { describe, expect, it } from "vitest";
import { csrfToken, errorFrom } from "./api.js";
import { toCsv, toJsonLines } from "./export-format.js";
import { decisionsOverTime, topRefusalReasons } from "./overview-data.js";

describe("api helpers", () => {
  it("reads the csrf_token cookie", () => {
    expect(csrfToken("session=abc; csrf_token=t%2Bk; other=1")).toBe("t+k");
    expect(csrfToken("session=abc")).toBeUndefined();
  });

  it("keeps the API's wording of a refusal", () => {
    const e = errorFrom(403, {
      detail: "Self-approval not permitted",
      error: { code: "SELF_APPROVAL_NOT_PERMITTED", message: "You cannot approve an action you submitted" },
    });
    expect([e.status, e.code, e.detail]).toEqual([403, "SELF_APPROVAL_NOT_PERMITTED", "Self-approval not permitted"]);
  });

  it("turns a 422 detail list into field errors", () => {
    const e = errorFrom(422, {
      detail: [{ loc: ["body", "expression"], msg: "invalid CEL expression: x", type: "value_error.expression" }],
      error: { code: "INVALID_FIELD_VALUE", message: "Invalid value" },
    });
    expect(e.fieldErrors).toEqual([{ field: "expression", message: "invalid CEL expression: x" }]);
    expect(e.detail).toBe("Invalid value");
  });
});

describe("exports", () => {
  it("quotes CSV cells and neutralises formulas", () => {
    const csv = toCsv([{ sequence: 1, event_type: "a,b", outcome: '=cmd"x"', data: { k: 1 } }]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe(
      "sequence,created_at,event_type,outcome,agent_id,action_id,actor_user_id,actor_api_key_id,correlation_id,hash,data",
    );
    expect(row).toBe('1,,"a,b","\'=cmd""x""",,,,,,,"{""k"":1}"');
  });

  it("writes one JSON object a line", () => {
    expect(toJsonLines([{ a: 1 }, { b: "x\ny" }])).toBe('{"a":1}\n{"b":"x\\ny"}\n');
    expect(toJsonLines([])).toBe("");
  });
});

describe("overview data", () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h, 5)).toISOString();
  it("counts outcomes per hour and keeps empty hours", () => {
    const rows = decisionsOverTime([
      { status: "denied", reason: "r", created_at: at(1) },
      { status: "auto_approved", reason: "", created_at: at(1) },
      { status: "auto_approved", reason: "", created_at: at(3) },
    ]);
    expect(rows.map((r) => [r.bucket, r.denied, r.auto_approved])).toEqual([
      ["2026-01-01 01:00", 1, 1],
      ["2026-01-01 02:00", 0, 0],
      ["2026-01-01 03:00", 0, 1],
    ]);
  });

  it("ranks refusal reasons of denied actions only", () => {
    const top = topRefusalReasons([
      { status: "denied", reason: "Kill switch", created_at: null },
      { status: "denied", reason: "Kill switch", created_at: null },
      { status: "denied", reason: "Budget", created_at: null },
      { status: "approved", reason: "Budget", created_at: null },
    ]);
    expect(top).toEqual([
      { reason: "Kill switch", count: 2 },
      { reason: "Budget", count: 1 },
    ]);
  });
});
