import { constants, createServer, type ClientHttp2Stream, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { GuardedHttp2SessionManager } from "./guarded-session-manager.js";

/** The body of a response stream, once it ended. */
async function bodyOf(stream: ClientHttp2Stream): Promise<string> {
  stream.end();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("GuardedHttp2SessionManager", () => {
  const server = createServer();
  const sessions: ServerHttp2Session[] = [];
  server.on("session", (session) => sessions.push(session));
  server.on("stream", (stream) => {
    stream.respond({ ":status": 200 });
    stream.end("ok");
  });

  afterEach(async () => {
    for (const session of sessions) session.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  // connectrpc/connect-es#1768: with connect-node's own manager this raises an uncaught
  // ConnectError "received GOAWAY without any open streams", which fails the run.
  it("outlives a GOAWAY on an idle connection while the next request reconnects", async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const manager = new GuardedHttp2SessionManager(`http://127.0.0.1:${port}`);

    const first = await manager.request("GET", "/", {}, {});
    expect(await bodyOf(first)).toBe("ok");
    const idle = first.session;
    expect(idle).toBeDefined();
    const idleClosed = new Promise((resolve) => idle?.once("close", resolve));

    // The manager's own GOAWAY listener runs first and destroys the session; a request made
    // right then finds it destroyed, reconnects, and the manager lets go of the old session.
    const next = new Promise<ClientHttp2Stream>((resolve, reject) =>
      idle?.once("goaway", () => {
        manager.request("GET", "/", {}, {}).then(resolve, reject);
      }),
    );
    sessions[0]?.goaway(constants.NGHTTP2_NO_ERROR);

    const second = await next;
    expect(second.session).not.toBe(idle);
    expect(await bodyOf(second)).toBe("ok");
    await idleClosed;
    // The late error comes after the socket's close: give it a turn to be raised.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(idle?.destroyed).toBe(true);
    manager.abort();
  });
});
