import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleFiles } from "./console-files.js";

describe("the console's static files", () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "console-dist-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>console</title>");
    writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(join(dir, "assets", "index-abc123.css"), "body{}");
    writeFileSync(join(dir, ".secret"), "no");
    const serve = consoleFiles(dir)!;
    server = createServer((req, res) => serve(req, res, new URL(req.url!, "http://x").pathname));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is not served when it has not been built", () => {
    expect(consoleFiles(join(dir, "missing"))).toBeUndefined();
  });

  it("answers the entry page, revalidated, with the security headers", async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("<title>console</title>");
  });

  it("falls back to the entry page for the app's own routes", async () => {
    const res = await fetch(`${base}/console/approvals`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<title>console</title>");
  });

  it("redirects /console to /console/", async () => {
    const res = await fetch(`${base}/console`, { redirect: "manual" });
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/console/");
  });

  it("serves hashed assets with their content type, cached for a year, and revalidates with ETag", async () => {
    const js = await fetch(`${base}/console/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = await fetch(`${base}/console/assets/index-abc123.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    // node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests.
    const status = await new Promise<number | undefined>((resolve) => {
      get(
        `${base}/console/assets/index-abc123.js`,
        { headers: { "if-none-match": js.headers.get("etag")! } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
    });
    expect(status).toBe(304);
  });

  it("answers 404 for a missing asset, dotfiles and paths outside the folder", async () => {
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    writeFileSync(join(dir, ".env.js"), "no");
    expect((await fetch(`${base}/console/.env.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/..%2f..%2fetc%2fpasswd.txt`)).status).toBeGreaterThanOrEqual(400);
  });
});
