import { describe, expect, it } from "vitest";
import { contractRegistry, AuthService, RegistryService, GovernanceService, ApprovalService } from "./index.js";
import { ErrorReason } from "./gen/platform/errors/v1/reasons_pb.js";

describe("generated contracts", () => {
  it("registers every service with its RPCs", () => {
    expect(AuthService.typeName).toBe("platform.auth.v1.AuthService");
    expect(Object.keys(RegistryService.method)).toContain("registerAgent");
    expect(Object.keys(GovernanceService.method)).toContain("submitAction");
    expect(Object.keys(ApprovalService.method)).toEqual(
      expect.arrayContaining(["approveAction", "rejectAction", "executeAction", "listPendingApprovals"]),
    );
  });

  it("resolves google.rpc and buf.validate details by type name", () => {
    expect(contractRegistry.getMessage("google.rpc.ErrorInfo")).toBeDefined();
    expect(contractRegistry.getMessage("buf.validate.Violations")).toBeDefined();
  });

  it("keeps error reasons stable", () => {
    expect(ErrorReason.AUTHENTICATION_REQUIRED).toBe(1);
    expect(ErrorReason.GATEWAY_TIMEOUT).toBe(118);
  });
});
