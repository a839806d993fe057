import { Code, ConnectError } from "@connectrpc/connect";
import { errorFromJson, errorToJson } from "@connectrpc/connect/protocol-connect";
import { ErrorReason } from "@platform/proto/reasons";
import { describe, expect, it } from "vitest";
import { catalogue, entryOf } from "./catalogue.js";
import { decodePlatformError } from "./decode-error.js";
import { invalidRequest, platformError } from "./platform-error.js";
import { sampleParams } from "./sample-params.js";

/** Sends an error through the Connect wire format, as it crosses between processes. */
function overTheWire(error: ConnectError): ConnectError {
  return errorFromJson(
    JSON.parse(JSON.stringify(errorToJson(error, undefined))),
    undefined,
    new ConnectError("fallback"),
  );
}

describe("error catalogue", () => {
  it("has exactly one entry per ErrorReason value", () => {
    const reasons = Object.keys(ErrorReason).filter((k) => Number.isNaN(Number(k)) && k !== "UNSPECIFIED");
    expect([...catalogue.keys()].sort()).toEqual(reasons.sort());
  });

  it("uses the first page's texts verbatim", () => {
    expect(entryOf("AUTHENTICATION_REQUIRED").detail).toBe("Authentication required");
    expect(entryOf("SELF_APPROVAL_NOT_PERMITTED").detail).toBe("Self-approval not permitted");
    expect(entryOf("ACTION_NOT_APPROVED").detail).toBe("Action not approved. Current status: {status_upper}");
    expect(entryOf("MCP_SERVER_ALREADY_EXISTS").detail).toBe("MCP server {name} already registered");
  });

  it.each([...catalogue.values()].map((e) => [e.key, e] as const))(
    "%s survives the wire with its code and params",
    (_key, entry) => {
      const params = sampleParams(entry);
      const error = overTheWire(platformError(entry.key as never, params, { retryAfterSeconds: 30 }));
      expect(error.code).toBe(entry.grpc);
      const decoded = decodePlatformError(error);
      expect(decoded?.entry.key).toBe(entry.key);
      expect(decoded?.params).toEqual(params);
      expect(decoded?.retryAfterSeconds).toBe(30);
      expect(decoded?.domain).toBe("platform.agent-governance");
    },
  );

  it("renders the message from params", () => {
    const error = platformError("AGENT_NOT_FOUND", { agent_id: "trading-bot-001" });
    expect(error.rawMessage).toBe("Agent 'trading-bot-001' is not registered");
    expect(error.code).toBe(Code.NotFound);
  });

  it("refuses a parameter the case does not declare", () => {
    expect(() => platformError("AGENT_NOT_FOUND", { nope: 1 })).toThrow(/no parameter 'nope'/);
  });

  it("builds validation errors with problems that survive the wire", () => {
    const error = overTheWire(
      invalidRequest([
        { field: "agent_id", rule: "required", expected_type: "string" },
        { field: "risk_score", rule: "int32.lte", limit: 100 },
      ]),
    );
    const decoded = decodePlatformError(error);
    expect(decoded?.entry.key).toBe("MISSING_REQUIRED_FIELD");
    expect(decoded?.problems).toEqual([
      { field: "agent_id", rule: "required", expected_type: "string" },
      { field: "risk_score", rule: "int32.lte", limit: 100 },
    ]);
    expect(error.rawMessage).toBe("Required field 'agent_id' is missing");
  });

  it("gives no catalogue case for a bare transport error", () => {
    expect(decodePlatformError(new ConnectError("connect ECONNREFUSED", Code.Unavailable))).toBeUndefined();
  });
});
