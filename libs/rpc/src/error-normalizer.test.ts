import { ConnectError } from "@connectrpc/connect";
import { platformError, decodePlatformError } from "@platform/errors";
import { describe, expect, it } from "vitest";
import { errorNormalizer, type CauseLogger } from "./error-normalizer.js";

/** What the interceptor reads of a request: the RPC's names. */
const request = { service: { typeName: "platform.test.v1.TestService" }, method: { name: "Do" } } as never;

function run(failure: unknown, mapError?: (f: unknown) => ReturnType<typeof platformError> | undefined) {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const logger: CauseLogger = { error: (fields, message) => lines.push({ fields, message }) };
  const call = errorNormalizer(
    logger,
    mapError,
  )(async () => {
    throw failure;
  });
  return {
    result: call(request).then(
      () => undefined,
      (e: unknown) => e,
    ),
    lines,
  };
}

describe("error normaliser: every 500 has its cause logged by the service that failed", () => {
  it("logs an unexpected failure and answers INTERNAL_ERROR", async () => {
    const cause = new Error("boom");
    const { result, lines } = run(cause);
    expect(decodePlatformError(ConnectError.from(await result))?.entry.key).toBe("INTERNAL_ERROR");
    expect(lines).toEqual([
      { fields: { err: cause, rpc: "platform.test.v1.TestService/Do" }, message: "unexpected failure in handler" },
    ]);
  });

  it("logs a database failure the mapper turns into DATABASE_ERROR (500)", async () => {
    const cause = new Error("invalid byte sequence for encoding UTF8: 0x00");
    const { result, lines } = run(cause, () => platformError("DATABASE_ERROR", {}, { cause }));
    expect(decodePlatformError(ConnectError.from(await result))?.entry.key).toBe("DATABASE_ERROR");
    expect(lines).toEqual([
      {
        fields: { err: cause, rpc: "platform.test.v1.TestService/Do", code: "DATABASE_ERROR" },
        message: "server failure in handler",
      },
    ]);
  });

  it("does not log what a client can fix or retry", async () => {
    const conflict = run(new Error("optimistic lock"), () => platformError("CONCURRENT_MODIFICATION"));
    const unavailable = run(new Error("ECONNREFUSED"), () => platformError("DATABASE_UNAVAILABLE"));
    const refused = run(platformError("AGENT_NOT_FOUND", { agent_id: "x" }));
    await Promise.all([conflict.result, unavailable.result, refused.result]);
    expect([...conflict.lines, ...unavailable.lines, ...refused.lines]).toEqual([]);
  });
});
