import { Code, ConnectError } from "@connectrpc/connect";
import { decodePlatformError, platformError } from "@platform/errors";
import { describe, expect, it } from "vitest";
import { errorToStatus, statusToError } from "./batch-outcome.js";

describe("errors of batched requests", () => {
  it("cross as a google.rpc.Status and read back as the same catalogue error, retry delay included", () => {
    const original = platformError(
      "RATE_LIMIT_EXCEEDED",
      { limit: 10, window: "minute", current: 11, retry_after: 42, reset: 1_800_000_000 },
      { retryAfterSeconds: 42 },
    );
    const back = statusToError(errorToStatus(original));
    expect(back.code).toBe(original.code);
    expect(back.rawMessage).toBe(original.rawMessage);
    const decoded = decodePlatformError(back);
    expect(decoded).toEqual(decodePlatformError(original));
    expect(decoded?.retryAfterSeconds).toBe(42);
  });

  it("keep details that already crossed the network once (type name and bytes)", () => {
    const wire = statusToError(errorToStatus(platformError("AGENT_NOT_FOUND", { agent_id: "ghost", suggestion: "x" })));
    const again = statusToError(errorToStatus(wire));
    expect(decodePlatformError(again)?.params).toMatchObject({ agent_id: "ghost" });
  });

  it("keep a plain Connect error's code and message", () => {
    const back = statusToError(errorToStatus(new ConnectError("approval went away", Code.Unavailable)));
    expect(back.code).toBe(Code.Unavailable);
    expect(back.rawMessage).toBe("approval went away");
    expect(decodePlatformError(back)).toBeUndefined();
  });
});
