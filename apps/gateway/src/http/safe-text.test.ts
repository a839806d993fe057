import { describe, expect, it } from "vitest";
import { decodePlatformError } from "@platform/errors";
import { assertSafeRequestParts, jsonProblems, MAX_JSON_DEPTH, textProblem } from "./safe-text.js";

const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { a: nested(depth - 1) });

describe("text and nesting no service can store", () => {
  it.each([
    ["plain", undefined],
    ["emoji (a surrogate pair)", undefined],
    ["\u0000", "string.no_nul"],
    ["a\u0000b", "string.no_nul"],
    ["\uD800", "string.well_formed"],
    ["x\uDC00", "string.well_formed"],
    ["\uDC00\uD800", "string.well_formed"],
  ])("%j: %s", (text, rule) => {
    expect(textProblem(text === "emoji (a surrogate pair)" ? "\u{1F600}" : text)).toBe(rule);
  });

  it("names every bad place in a body, keys included", () => {
    expect(jsonProblems({ resource: "a\u0000", parameters: { list: ["ok", "\uD800"], "k\u0000": 1 } })).toEqual([
      { field: "resource", rule: "string.no_nul", location: "body" },
      { field: "parameters.list.1", rule: "string.well_formed", location: "body" },
      { field: "parameters.k\\u0000", rule: "string.no_nul", location: "body" },
    ]);
  });

  it("refuses numbers too large for a double (1e400 parses to Infinity)", () => {
    expect(jsonProblems(JSON.parse('{"parameters": {"x": 1e400, "y": -1e400, "z": 1e-400}}'))).toEqual([
      { field: "parameters.x", rule: "type.number", expected_type: "number", location: "body" },
      { field: "parameters.y", rule: "type.number", expected_type: "number", location: "body" },
    ]);
  });

  it("refuses nesting at the limit, naming the top-level field, and accepts one level less", () => {
    expect(jsonProblems({ context: nested(MAX_JSON_DEPTH) })).toEqual([
      { field: "context", rule: "type.depth", limit: MAX_JSON_DEPTH, location: "body" },
    ]);
    expect(jsonProblems({ context: nested(MAX_JSON_DEPTH - 1) })).toEqual([]);
  });

  it("keeps the nesting limit well below what protobuf decodes (100 messages, two per JSON level)", () => {
    expect(MAX_JSON_DEPTH * 2 + 10).toBeLessThan(100);
  });

  it("checks path and query parts, locating them", () => {
    let thrown: unknown;
    try {
      assertSafeRequestParts({ id: "x\u0000" }, new URLSearchParams("agent_id=%00&ok=1"));
    } catch (failure) {
      thrown = failure;
    }
    const decoded = decodePlatformError(thrown as never);
    expect(decoded?.entry.key).toBe("INVALID_FIELD_VALUE");
    expect(decoded?.problems).toEqual([
      { field: "id", rule: "string.no_nul", location: "path" },
      { field: "agent_id", rule: "string.no_nul", location: "query" },
    ]);
  });
});
