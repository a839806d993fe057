import { describe, expect, it } from "vitest";
import { parseActionId } from "./action-id.js";

describe("parseActionId", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["9007199254740991", 9007199254740991],
  ])("reads %s", (text, id) => {
    expect(parseActionId(text)).toBe(id);
  });

  it.each(["", "0", "-1", "01", "1.5", "1e3", " 1", "act_1", "9007199254740992", "99999999999999999", "\u0000", "١"])(
    "names no action: %j",
    (text) => {
      expect(parseActionId(text)).toBeUndefined();
    },
  );
});
