import { describe, expect, it } from "vitest";
import { isValidTimeZone, localTime } from "./local-time.js";

describe("localTime", () => {
  it("gives the wall clock of an instant in a timezone", () => {
    // 2026-03-05T04:45:30Z is Wednesday 23:45:30 in New York (EST, UTC-5).
    expect(localTime(new Date("2026-03-05T04:45:30Z"), "America/New_York")).toEqual({
      date: "2026-03-04",
      hhmm: "23:45",
      secondOfDay: 23 * 3600 + 45 * 60 + 30,
      isoWeekday: 3,
    });
  });

  it("follows daylight saving time", () => {
    expect(localTime(new Date("2026-07-01T12:00:00Z"), "America/New_York").hhmm).toBe("08:00"); // EDT, UTC-4
    expect(localTime(new Date("2026-01-01T12:00:00Z"), "America/New_York").hhmm).toBe("07:00"); // EST, UTC-5
  });

  it("spells midnight 00:00 and numbers Sunday 7", () => {
    expect(localTime(new Date("2026-03-08T00:00:00Z"), "UTC")).toMatchObject({
      hhmm: "00:00",
      secondOfDay: 0,
      isoWeekday: 7,
      date: "2026-03-08",
    });
  });
});

describe("isValidTimeZone", () => {
  it("knows IANA names and refuses made-up ones", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
