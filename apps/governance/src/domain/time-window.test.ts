import { catchPlatformError } from "@platform/testing";
import { describe, expect, it } from "vitest";
import { assertInsideWindow, type AllowedWindow } from "./time-window.js";

const office: AllowedWindow = {
  startTime: "09:00",
  endTime: "17:00",
  timezone: "America/New_York",
  days: [1, 2, 3, 4, 5],
};
const night: AllowedWindow = { startTime: "22:00", endTime: "06:00", timezone: "UTC", days: [] };

describe("assertInsideWindow", () => {
  it("allows from the start time up to, not including, the end time on an allowed day", () => {
    expect(() => assertInsideWindow("bot", office, new Date("2026-03-04T14:00:00Z"))).not.toThrow(); // Wed 09:00 EST
    expect(() => assertInsideWindow("bot", office, new Date("2026-03-04T21:59:00Z"))).not.toThrow(); // Wed 16:59
  });

  it("refuses at the end time, with the window and the local time", async () => {
    const refused = await catchPlatformError(() => assertInsideWindow("bot", office, new Date("2026-03-04T22:00:00Z"))); // Wed 17:00
    expect(refused.entry.key).toBe("OUTSIDE_TIME_WINDOW");
    expect(refused.params).toMatchObject({
      agent_id: "bot",
      allowed_window: {
        start_time: "09:00",
        end_time: "17:00",
        timezone: "America/New_York",
        current_time: "17:00",
        days: [1, 2, 3, 4, 5],
      },
      policy_violations: [{ policy_id: "time_window", reason: "Outside 09:00-17:00 America/New_York" }],
    });
  });

  it("refuses on a day that is not allowed, even within the hours", async () => {
    const saturday = new Date("2026-03-07T15:00:00Z"); // Sat 10:00 EST
    expect((await catchPlatformError(() => assertInsideWindow("bot", office, saturday))).entry.key).toBe(
      "OUTSIDE_TIME_WINDOW",
    );
  });

  it("runs a window over midnight when it ends before it starts, on any day when none are listed", async () => {
    expect(() => assertInsideWindow("bot", night, new Date("2026-03-07T23:30:00Z"))).not.toThrow();
    expect(() => assertInsideWindow("bot", night, new Date("2026-03-08T05:59:00Z"))).not.toThrow();
    const noon = await catchPlatformError(() => assertInsideWindow("bot", night, new Date("2026-03-08T12:00:00Z")));
    expect(noon.params["allowed_window"]).toEqual({
      start_time: "22:00",
      end_time: "06:00",
      timezone: "UTC",
      current_time: "12:00",
    });
  });
});
