import { describe, expect, it } from "vitest";
import { effectiveKillSwitch } from "./effective-kill-switch.js";

const orgAt = new Date("2026-01-02T03:04:05Z");
const agentAt = new Date("2026-01-01T00:00:00Z");
const killedAgent = { status: "killed", killReason: "runaway", updatedAt: agentAt };
const activeAgent = { status: "active", killReason: "", updatedAt: agentAt };

describe("effectiveKillSwitch", () => {
  it("is off when neither switch is on, or neither exists", () => {
    expect(effectiveKillSwitch(null, null)).toEqual({ active: false, reason: "", scope: "none" });
    expect(effectiveKillSwitch({ active: false, reason: "", changedAt: orgAt }, activeAgent)).toEqual({
      active: false,
      reason: "",
      scope: "none",
    });
  });

  it("reports the agent's own switch with its reason and time", () => {
    expect(effectiveKillSwitch(undefined, killedAgent)).toEqual({
      active: true,
      reason: "runaway",
      scope: "agent",
      changedAt: agentAt,
    });
  });

  it("lets the organization's switch win over the agent's", () => {
    expect(effectiveKillSwitch({ active: true, reason: "incident 42", changedAt: orgAt }, killedAgent)).toEqual({
      active: true,
      reason: "incident 42",
      scope: "organization",
      changedAt: orgAt,
    });
  });

  it("gives a reason when none was recorded", () => {
    expect(effectiveKillSwitch({ active: true, reason: "" }, null).reason).toBe("Organization kill switch activated");
    expect(effectiveKillSwitch(null, { status: "killed", killReason: "" }).reason).toBe("Kill switch activated");
  });
});
