import { describe, expect, it } from "vitest";
import { classifyProblems, describeProblem, locate, summarizeProblems } from "./field-problems.js";

describe("field problems", () => {
  it.each([
    [{ field: "agent_id", rule: "required" }, "field required", "value_error.missing"],
    [
      { field: "risk_score", rule: "int32.lte", limit: 100 },
      "ensure this value is less than or equal to 100",
      "value_error.number.not_le",
    ],
    [
      { field: "risk_score", rule: "int32.gte", limit: 0 },
      "ensure this value is greater than or equal to 0",
      "value_error.number.not_ge",
    ],
    [
      { field: "agent_id", rule: "string.min_len", limit: 3 },
      "ensure this value has at least 3 characters",
      "value_error.any_str.min_length",
    ],
    [
      { field: "agent_id", rule: "string.max_len", limit: 64 },
      "ensure this value has at most 64 characters",
      "value_error.any_str.max_length",
    ],
    [{ field: "email", rule: "string.email" }, "value is not a valid email address", "value_error.email"],
    [
      { field: "risk_level", rule: "string.in", limit: ["low", "high"] },
      "value is not a valid enumeration member; permitted: 'low', 'high'",
      "type_error.enum",
    ],
    [{ field: "risk_score", rule: "type.integer" }, "value is not a valid integer", "type_error.integer"],
  ])("describes %o in the first page's words", (problem, msg, type) => {
    expect(describeProblem(problem)).toEqual({ msg, type });
  });

  it("locates nested fields under their source", () => {
    expect(locate({ field: "policy.conditions.0", rule: "required", location: "body" }).loc).toEqual([
      "body",
      "policy",
      "conditions",
      0,
    ]);
    expect(locate({ field: "limit", rule: "int32.lte", limit: 500, location: "query" }).loc).toEqual([
      "query",
      "limit",
    ]);
  });

  it("classifies: type errors over missing over invalid", () => {
    expect(classifyProblems([{ field: "a", rule: "int32.lte" }])).toBe("INVALID_FIELD_VALUE");
    expect(
      classifyProblems([
        { field: "a", rule: "int32.lte" },
        { field: "b", rule: "required" },
      ]),
    ).toBe("MISSING_REQUIRED_FIELD");
    expect(
      classifyProblems([
        { field: "a", rule: "type.integer" },
        { field: "b", rule: "required" },
      ]),
    ).toBe("VALIDATION_ERROR");
  });

  it("summarises several missing fields the way the pages do", () => {
    const summary = summarizeProblems([
      { field: "agent_id", rule: "required", expected_type: "string" },
      { field: "action_type", rule: "required", expected_type: "string" },
    ]);
    expect(summary.message).toBe("Missing required fields: agent_id, action_type");
    expect(summary.details).toEqual({
      field: "agent_id",
      fields: ["agent_id", "action_type"],
      requirement: "required",
      type: "string",
    });
  });

  it("summarises one invalid value with its constraint", () => {
    const summary = summarizeProblems([{ field: "risk_score", rule: "int32.lte", limit: 100 }]);
    expect(summary.message).toBe(
      "Invalid value for field 'risk_score': ensure this value is less than or equal to 100",
    );
    expect(summary.details).toMatchObject({ field: "risk_score", requirement: "int32.lte", constraint: 100 });
  });
});
