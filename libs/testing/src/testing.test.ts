import { platformError } from "@platform/errors";
import { describe, expect, it } from "vitest";
import { catchPlatformError } from "./platform-error-assertions.js";
import { principal } from "./principals.js";

describe("testing helpers", () => {
  it("decode a thrown catalogue error", async () => {
    const caught = await catchPlatformError(() => {
      throw platformError("AGENT_NOT_FOUND", { agent_id: "a1" });
    });
    expect(caught.entry.key).toBe("AGENT_NOT_FOUND");
    expect(caught.params).toEqual({ agent_id: "a1" });
  });

  it("fail when nothing is thrown, or something foreign", async () => {
    await expect(catchPlatformError(Promise.resolve(1))).rejects.toThrow(/succeeded/);
    await expect(catchPlatformError(Promise.reject(new Error("boom")))).rejects.toThrow(/expected a catalogue error/);
  });

  it("build principals with the role's level", () => {
    expect(principal("manager")).toMatchObject({ role: "manager", approvalLevel: 2, organizationId: "org_test" });
  });
});
