import { createServer, type Http2Server, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { ChangeService } from "@platform/proto";
import { afterEach, describe, expect, it } from "vitest";
import type { Change, ChangeListener } from "./change-feed.js";
import { LocalChangeFeed } from "./local-change-feed.js";
import { changeWatchService } from "./watch-service.js";
import { watchOwner } from "./watch-owner.js";

interface Owner {
  readonly server: Http2Server;
  readonly url: string;
  readonly port: number;
  /** Ends the server and every open session at once, as a crash would. */
  kill(): Promise<void>;
}

async function startOwner(feed: LocalChangeFeed, port = 0): Promise<Owner> {
  const server = createServer(
    connectNodeAdapter({ routes: (router) => router.service(ChangeService, changeWatchService(feed, "registry")) }),
  );
  const sessions = new Set<ServerHttp2Session>();
  server.on("session", (session) => sessions.add(session));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  const kill = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const session of sessions) session.destroy();
    });
  return { server, url: `http://127.0.0.1:${actual}`, port: actual, kill };
}

function recorder() {
  const events: string[] = [];
  const changes: Change[] = [];
  const listener: ChangeListener = {
    onChange: (c) => {
      changes.push(c);
      events.push(`change:${c.organizationId}/${c.key}`);
    },
    onReset: () => events.push("reset"),
    onLive: (live) => events.push(live ? "live" : "down"),
  };
  return { events, changes, listener };
}

const until = async (check: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("ChangeService.Watch between processes' sockets", () => {
  it("pushes the owner's changes of its topic to a watcher, after a hello that makes it live", async () => {
    const feed = new LocalChangeFeed();
    const owner = await startOwner(feed);
    cleanups.push(() => owner.kill());
    const { events, changes, listener } = recorder();
    const stop = watchOwner({ url: owner.url, listener });
    cleanups.push(stop);
    await until(() => events.includes("live"));
    await feed.publish({ topic: "registry", organizationId: "org_a", key: "bot-1" });
    await feed.publish({ topic: "auth", organizationId: "org_a", key: "" });
    await until(() => changes.length === 1);
    expect(changes).toEqual([{ topic: "registry", organizationId: "org_a", key: "bot-1" }]);
  });

  it("goes down and resets when the owner dies, and is live again once it is back", async () => {
    const feed = new LocalChangeFeed();
    const owner = await startOwner(feed);
    const { events, listener } = recorder();
    const stop = watchOwner({ url: owner.url, listener, maxRetryMs: 100 });
    cleanups.push(stop);
    await until(() => events.includes("live"));
    events.length = 0;
    await owner.kill();
    await until(() => events.includes("down"));
    expect(events).toContain("reset");
    events.length = 0;
    const again = await startOwner(feed, owner.port);
    cleanups.push(() => again.kill());
    await until(() => events.includes("live"));
    await feed.publish({ topic: "registry", organizationId: "org_a", key: "" });
    await until(() => events.includes("change:org_a/"));
  });
});
