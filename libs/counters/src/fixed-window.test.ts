import { describe, expect, it } from "vitest";
import { fixedWindow } from "./fixed-window.js";

const at = (iso: string) => new Date(iso);
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("fixedWindow", () => {
  it("aligns an hour window to the full UTC hour", () => {
    expect(fixedWindow(at("2026-03-04T10:59:30.900Z"), 3600)).toEqual({
      start: seconds("2026-03-04T10:00:00Z"),
      resetAt: seconds("2026-03-04T11:00:00Z"),
      resetsIn: 30,
    });
  });

  it("starts a new window exactly on the boundary", () => {
    expect(fixedWindow(at("2026-03-04T11:00:00.000Z"), 3600)).toEqual({
      start: seconds("2026-03-04T11:00:00Z"),
      resetAt: seconds("2026-03-04T12:00:00Z"),
      resetsIn: 3600,
    });
  });

  it("aligns a day window to UTC midnight and a minute window to the minute", () => {
    expect(fixedWindow(at("2026-03-04T23:59:59Z"), 86_400)).toMatchObject({
      start: seconds("2026-03-04T00:00:00Z"),
      resetsIn: 1,
    });
    expect(fixedWindow(at("2026-03-04T10:15:42Z"), 60)).toMatchObject({
      start: seconds("2026-03-04T10:15:00Z"),
      resetsIn: 18,
    });
  });

  it("refuses a length that is not a positive whole number of seconds", () => {
    expect(() => fixedWindow(at("2026-03-04T10:00:00Z"), 0)).toThrow(RangeError);
    expect(() => fixedWindow(at("2026-03-04T10:00:00Z"), 1.5)).toThrow(RangeError);
  });
});
