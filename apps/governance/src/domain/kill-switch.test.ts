import { catchPlatformError } from "@platform/testing";
import { describe, expect, it } from "vitest";
import { assertAgentActive } from "./kill-switch.js";

const active = { agentId: "bot-1", status: "active", killReason: "" };
const killed = { agentId: "bot-1", status: "killed", killReason: "runaway trades" };

describe("assertAgentActive", () => {
  it("lets an active agent of an organization whose switch is off (or was never used) through", () => {
    expect(() => assertAgentActive(active)).not.toThrow();
    expect(() => assertAgentActive(active, { active: false, reason: "" })).not.toThrow();
  });

  it("refuses a killed agent with its reason, as the agent kill switch", async () => {
    const refused = await catchPlatformError(() => assertAgentActive(killed));
    expect(refused.entry.key).toBe("KILL_SWITCH_ACTIVE");
    expect(refused.params).toMatchObject({
      agent_id: "bot-1",
      reason: "runaway trades",
      policy_violations: [{ policy_id: "kill_switch", policy_name: "Agent kill switch", reason: "runaway trades" }],
    });
  });

  it("refuses every agent while the organization's switch is on, naming the organization's switch first", async () => {
    const refused = await catchPlatformError(() => assertAgentActive(killed, { active: true, reason: "incident 7" }));
    expect(refused.params).toMatchObject({
      reason: "incident 7",
      policy_violations: [
        { policy_id: "organization_kill_switch", policy_name: "Organization kill switch", reason: "incident 7" },
      ],
    });
    expect(
      (await catchPlatformError(() => assertAgentActive(active, { active: true, reason: "" }))).params["reason"],
    ).toBe("Organization kill switch activated");
  });

  it("gives a reason when the agent's switch recorded none", async () => {
    const refused = await catchPlatformError(() => assertAgentActive({ ...killed, killReason: "" }));
    expect(refused.params["reason"]).toBe("Kill switch activated");
  });
});
