import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPublicPages } from "./public-pages.js";

describe("the pages beside the API", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const api = (_req: unknown, res: { writeHead(s: number): { end(b: string): void } }) =>
      res.writeHead(418).end("api");
    server = createServer(withPublicPages([], api as never, { consoleDir: false, metricsToken: "s3cret" }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it("asks for the bearer token on /metrics when one is configured", async () => {
    const without = await fetch(`${base}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong!" } })).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer s3cret" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE http_server_request_duration_seconds histogram");
  });

  it("leaves /console/ to the API when the console is not built, and other methods on the pages too", async () => {
    expect((await fetch(`${base}/console/`)).status).toBe(418);
    expect((await fetch(`${base}/openapi.json`, { method: "POST" })).status).toBe(418);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
  });
});
