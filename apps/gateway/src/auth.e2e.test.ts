import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./gateway.js";
import { createServiceClients } from "./service-clients.js";
import { countersFromEnv } from "@platform/counters";
import { startTestPlatform, type TestPlatform, type TestResponse } from "@platform/testing-platform";

const redisUrl = process.env["TEST_REDIS_URL"];
if (!redisUrl) console.warn("TEST_REDIS_URL is not set: the two gateways count requests each on their own");

function expectError(res: TestResponse, status: number, code: string, detail: string) {
  expect({ status: res.status, code: res.body?.error?.code, detail: res.body?.detail }).toEqual({
    status,
    code,
    detail,
  });
}

/** Sessions, CSRF, keys across replicas and organization rate limits through the gateway (issue 4). */
describe("auth and organization limits through the gateway", () => {
  let platform: TestPlatform;
  let second: RunningGateway;
  const secondCounters = countersFromEnv({ REDIS_URL: redisUrl }, "agp:gateway:");
  let admin: Record<string, string>;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", redisUrl);
    second = await startGateway({
      services: createServiceClients(platform.urls),
      urls: platform.urls,
      port: 0,
      counters: secondCounters,
    });
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Sess", email: "s@sess.test", password: "pass-word-8" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await secondCounters.close();
    await platform?.stop();
  });

  it("puts X-RateLimit-* on every authenticated answer, errors included", async () => {
    const ok = await platform.call("GET", "/api/auth/me", { headers: admin });
    expect(ok.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(1000);
    expect(Number(ok.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    const missing = await platform.call("GET", "/api/actions/act_nope", { headers: admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-ratelimit-limit")).toBe("1000");
    const anonymous = await platform.call("GET", "/health");
    expect(anonymous.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("logs a browser in with an HttpOnly session cookie and checks the CSRF double submit", async () => {
    const login = await platform.call("POST", "/api/auth/login", {
      body: { email: "s@sess.test", password: "pass-word-8" },
    });
    const cookies = login.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith("session="))).toMatch(/HttpOnly/);
    const csrf = cookies.find((c) => c.startsWith("csrf_token="))!;
    expect(csrf).not.toMatch(/HttpOnly/);
    const jar = cookies.map((c) => c.split(";")[0]).join("; ");
    const token = csrf.split(";")[0]!.split("=")[1]!;
    expect((await platform.call("GET", "/api/auth/me", { headers: { cookie: jar } })).status).toBe(200);
    const forged = await platform.call("POST", "/api/keys", {
      body: { name: "from-browser" },
      headers: { cookie: jar },
    });
    expectError(forged, 403, "CSRF_VALIDATION_FAILED", "CSRF validation failed");
    const wrong = await platform.call("POST", "/api/keys", {
      body: { name: "from-browser" },
      headers: { cookie: jar, "x-csrf-token": "nope" },
    });
    expectError(wrong, 403, "CSRF_VALIDATION_FAILED", "CSRF validation failed");
    const good = await platform.call("POST", "/api/keys", {
      body: { name: "from-browser" },
      headers: { cookie: jar, "x-csrf-token": token },
    });
    expect(good.status).toBe(201);
    const bearer = await platform.call("POST", "/api/keys", { body: { name: "from-cli" }, headers: admin });
    expect(bearer.status).toBe(201);
  });

  it("stops a revoked key at once on every gateway replica", async () => {
    const created = await platform.call("POST", "/api/keys", { body: { name: "short-lived" }, headers: admin });
    const key = { "x-api-key": created.body.key };
    expect((await fetch(`${second.url}/api/actions`, { headers: key })).status).toBe(200);
    expect((await platform.call("DELETE", `/api/keys/${created.body.id}`, { headers: admin })).status).toBe(204);
    const res = await fetch(`${second.url}/api/actions`, { headers: key });
    const body = (await res.json()) as { detail: string; error: { code: string } };
    expect({ status: res.status, code: body.error.code, detail: body.detail }).toEqual({
      status: 401,
      code: "REVOKED_API_KEY",
      detail: "API key has been revoked",
    });
    expect(res.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("accepts an API key as a Bearer value, as the vendor SDKs send it", async () => {
    const created = await platform.call("POST", "/api/keys", { body: { name: "sdk-key" }, headers: admin });
    const res = await platform.call("GET", "/api/actions", {
      headers: { authorization: `Bearer ${created.body.key}`, "x-api-key": created.body.key },
    });
    expect(res.status).toBe(200);
  });

  it("lets an admin set the organization limits, within their maxima", async () => {
    const tooMany = await platform.call("PATCH", "/api/v1/organization/limits", {
      body: { requests_per_hour: 100_001 },
      headers: admin,
    });
    expectError(
      tooMany,
      400,
      "INVALID_FIELD_VALUE",
      "Invalid value for field 'requests_per_hour': ensure this value is less than or equal to 100000",
    );
    const set = await platform.call("PATCH", "/api/organization/limits", {
      body: { requests_per_hour: 500, requests_per_day: 20_000 },
      headers: admin,
    });
    expect(set.body).toMatchObject({ requests_per_hour: 500, requests_per_day: 20_000 });
    expect((await platform.call("GET", "/api/organization", { headers: admin })).headers.get("x-ratelimit-limit")).toBe(
      "500",
    );
  });

  it("answers 429 RATE_LIMIT_EXCEEDED with the first page's body and headers once the hour is used up", async () => {
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Busy", email: "b@busy.test", password: "pass-word-9" },
    });
    const headers = { authorization: `Bearer ${signup.body.access_token}` };
    await platform.call("PATCH", "/api/organization/limits", { body: { requests_per_hour: 6 }, headers });
    const gateways = [platform.gateway.url, second.url];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fetch(`${gateways[i % 2]}/api/actions`, { headers })),
    );
    const allowed = results.filter((r) => r.status === 200).length;
    // With Redis both gateways share the count: 5 more after the PATCH. Without it, each counts alone:
    // the first (which counted the PATCH) allows 5 of its 6, the second all 6.
    expect(allowed).toBe(redisUrl ? 5 : 11);
    const refused = results.find((r) => r.status === 429)!;
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      detail: "Rate limit exceeded",
      error: { code: "RATE_LIMIT_EXCEEDED", details: { limit: 6, window: "1h" } },
    });
    const now = Math.floor(Date.now() / 1000);
    const reset = Number(refused.headers.get("x-ratelimit-reset"));
    expect(reset - (reset % 3600)).toBe(reset);
    // `now` is read after the answer: the gateway's clock may have been a second earlier.
    expect(Math.abs(Number(refused.headers.get("retry-after")) - (reset - now))).toBeLessThanOrEqual(1);
    expect(refused.headers.get("x-ratelimit-limit")).toBe("6");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  });
});
