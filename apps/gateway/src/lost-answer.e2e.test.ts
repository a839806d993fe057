import { Code, ConnectError } from "@connectrpc/connect";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./gateway.js";
import { createServiceClients, type ServiceClients } from "./service-clients.js";

/**
 * A submission whose answer is lost (governance dies after approval stored the action)
 * is answered with the stored action, never 503: the SDKs retry 5xx, and the retry
 * would be a second action. One whose answer is lost before anything was stored is 503.
 */
describe("a submission whose answer was lost", () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let mode: "after-store" | "before-store" = "after-store";
  let headers: Record<string, string>;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    const clients = createServiceClients(platform.urls);
    // Governance as the gateway sees it when the process dies mid-request.
    const dying: ServiceClients = {
      ...clients,
      governance: new Proxy(clients.governance, {
        get(target, name, receiver) {
          if (name !== "submitAction") return Reflect.get(target, name, receiver) as unknown;
          return async (...args: Parameters<typeof target.submitAction>) => {
            if (mode === "after-store") await target.submitAction(...args);
            throw new ConnectError("stream reset: governance went away", Code.Unavailable);
          };
        },
      }),
    };
    gateway = await startGateway({ services: dying, urls: platform.urls, port: 0 });
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Lost", email: "l@lost.test", password: "pass-word-11" },
    });
    headers = { authorization: `Bearer ${signup.body.access_token}`, "content-type": "application/json" };
    await platform.call("POST", "/api/registry/agents", { body: { agent_id: "lost-bot", agent_type: "ops" }, headers });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await platform?.stop();
  });

  const submit = () =>
    fetch(`${gateway.url}/api/v1/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ agent_id: "lost-bot", action_type: "read_file", risk_score: 5 }),
    });
  const stored = async () =>
    (await platform.call("GET", "/api/actions?agent_id=lost-bot", { headers })).body.items as { id: number }[];

  it("answers the action approval stored, once", async () => {
    mode = "after-store";
    const res = await submit();
    const body = (await res.json()) as { id: number; status: string };
    expect(res.status).toBe(200);
    expect(body.status).toBe("auto_approved");
    expect((await stored()).map((a) => a.id)).toEqual([body.id]);
  });

  it("answers 503 with Retry-After when nothing was stored", async () => {
    mode = "before-store";
    const before = (await stored()).length;
    const res = await submit();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
    expect(await stored()).toHaveLength(before);
  });
});
