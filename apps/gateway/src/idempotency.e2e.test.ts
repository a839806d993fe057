import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/** Idempotency-Key through the real gateway and services (api-contract section 9). */
describe("Idempotency-Key on POST", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  const submit = (key: string, body: Record<string, unknown>) =>
    platform.call("POST", "/api/v1/actions", { body: { agent_id: "idem-bot", action_type: "read_file", ...body }, headers: { ...admin, "idempotency-key": key } });
  const storedIds = async (): Promise<string[]> =>
    (await platform.call("GET", "/api/v1/actions?agent_id=idem-bot&limit=100", { headers: admin })).body.items.map((a: { id: string }) => a.id);

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const signup = await platform.call("POST", "/api/auth/signup", { body: { organization_name: "Idem", email: "i@idem.test", password: "pass-word-6" } });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    expect((await platform.call("POST", "/api/registry/agents", { body: { agent_id: "idem-bot", agent_type: "assistant" }, headers: admin })).status).toBe(201);
  }, 60_000);
  afterAll(async () => platform?.stop());

  it("replays the first answer for the same key and body, and stores one action", async () => {
    const before = await storedIds();
    const first = await submit("retry-1", { resource: "/tmp/a" });
    expect(first.status).toBeLessThan(300);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const retry = await submit("retry-1", { resource: "/tmp/a" });
    expect({ status: retry.status, body: retry.body, replayed: retry.headers.get("idempotent-replayed") }).toEqual({ status: first.status, body: first.body, replayed: "true" });
    expect(retry.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    const after = await storedIds();
    expect(after.filter((id) => !before.includes(id))).toEqual([first.body.id]);
  });

  it("refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED", async () => {
    await submit("retry-2", { resource: "/tmp/b" });
    const reused = await submit("retry-2", { resource: "/tmp/other" });
    expect({ status: reused.status, code: reused.body.error.code, detail: reused.body.detail }).toEqual({
      status: 422, code: "IDEMPOTENCY_KEY_REUSED", detail: "Idempotency key already used with a different request",
    });
  });

  it("refuses a malformed key: 400 with nothing done", async () => {
    const refused = await submit("x".repeat(256), { resource: "/tmp/c" });
    expect({ status: refused.status, code: refused.body.error.code, detail: refused.body.detail }).toEqual({ status: 400, code: "INVALID_FIELD_VALUE", detail: "Invalid Idempotency-Key header" });
  });

  it("different keys are different requests", async () => {
    const a = await submit("retry-3a", { resource: "/tmp/d" });
    const b = await submit("retry-3b", { resource: "/tmp/d" });
    expect(a.body.id).not.toBe(b.body.id);
  });
});
