import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { classifyUpstreamFailure } from "./upstream-failure.js";

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("classifyUpstreamFailure", () => {
  it.each([
    ["connection refused", new ConnectError("connect ECONNREFUSED", Code.Unavailable)],
    ["socket torn down (CANCEL)", new ConnectError("http/2 stream closed with error code CANCEL (0x8)", Code.Canceled)],
    [
      "connection reset",
      new ConnectError(
        "read ECONNRESET",
        Code.Aborted,
        undefined,
        undefined,
        nodeError("ECONNRESET", "read ECONNRESET"),
      ),
    ],
    [
      "stream reset INTERNAL_ERROR",
      new ConnectError(
        "Stream closed",
        Code.Internal,
        undefined,
        undefined,
        nodeError("ERR_HTTP2_STREAM_ERROR", "Stream closed with error code NGHTTP2_INTERNAL_ERROR"),
      ),
    ],
    [
      "GOAWAY",
      new ConnectError(
        "session",
        Code.Internal,
        undefined,
        undefined,
        nodeError("ERR_HTTP2_GOAWAY_SESSION", "New streams cannot be created after receiving a GOAWAY"),
      ),
    ],
    ["socket hang up", new ConnectError("socket hang up", Code.Unknown)],
  ])("a call in flight when the service went away (%s) is unavailable", (_name, error) => {
    expect(classifyUpstreamFailure(error)).toBe("unavailable");
  });

  it("a deadline is a timeout", () => {
    expect(classifyUpstreamFailure(new ConnectError("the operation timed out", Code.DeadlineExceeded))).toBe("timeout");
  });

  it("an answer that is not a Connect response is a bad answer", () => {
    expect(classifyUpstreamFailure(new ConnectError("HTTP 200, unexpected content-type text/html", Code.Unknown))).toBe(
      "bad-answer",
    );
    expect(classifyUpstreamFailure(new ConnectError("protocol error: missing output message", Code.Internal))).toBe(
      "bad-answer",
    );
  });
});
