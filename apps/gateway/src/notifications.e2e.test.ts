import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

interface Received {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A webhook receiver on `port` (0: a free one) that keeps what it got. */
async function listen(port: number, received: Received[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers as IncomingHttpHeaders & Record<string, string>, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Issue part 3, done when: a webhook receiver gets a correctly signed notification for
 * a pending action, also after being down for a while (the whole platform, real HTTP).
 */
describe("approval notifications end to end", () => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let agent: Record<string, string>;
  let receiver: Server | undefined;
  const received: Received[] = [];
  let port = 0;

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite", undefined, {
      approvalEnv: {
        NOTIFICATION_RETRY_BASE_MS: "200",
        NOTIFICATION_POLL_MS: "50",
        PUBLIC_URL: "https://gov.example.com",
      },
    });
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Notify", email: "n@notify.test", password: "pass-word-9" },
    });
    admin = { authorization: `Bearer ${signup.body.access_token}` };
    const key = await platform.call("POST", "/api/keys", { body: { name: "bot" }, headers: admin });
    agent = { "x-api-key": key.body.key };
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          body: { agent_id: "pay-bot", agent_type: "payments" },
          headers: agent,
        })
      ).status,
    ).toBe(201);
    receiver = await listen(0, received);
    port = (receiver.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    if (receiver) await close(receiver);
    await platform?.stop();
  });

  const pendingAction = async () => {
    const res = await platform.call("POST", "/api/v1/actions", {
      body: { agent_id: "pay-bot", action_type: "transfer", estimated_cost_usd: 2500, risk_score: 80 },
      headers: agent,
    });
    expect(res.status).toBe(202);
    return res.body.action_id as number;
  };
  const deliveries = async (endpointId: string) =>
    (await platform.call("GET", `/api/v1/notification-endpoints/${endpointId}/deliveries`, { headers: admin })).body
      .items as {
      action_id: number;
      status: string;
      attempts: number;
      last_error: string;
      last_status_code: number;
      next_attempt_at: string | null;
      delivered_at: string | null;
    }[];

  it("signs the notification of a pending action, and delivers it after the receiver was down", async () => {
    const created = await platform.call("POST", "/api/v1/notification-endpoints", {
      body: { kind: "webhook", url: `http://127.0.0.1:${port}/hooks`, events: ["action.pending"] },
      headers: admin,
    });
    expect(created.status).toBe(201);
    const { id: endpointId, secret } = created.body as { id: string; secret: string };
    expect(created.body).toMatchObject({ kind: "webhook", enabled: true, events: ["action.pending"] });
    expect(secret).toMatch(/^whsec_/);
    expect(
      (await platform.call("GET", `/api/v1/notification-endpoints/${endpointId}`, { headers: admin })).body,
    ).not.toHaveProperty("secret");

    // 1. Up: the pending action arrives, signed with the secret shown at creation.
    const first = await pendingAction();
    const arrived = await eventually(async () => received[0]);
    const event = new Webhook(secret).verify(arrived.body, arrived.headers) as {
      type: string;
      data: { action: { action_id: number; agent_id: string; status: string }; links: { approve: string } };
    };
    expect(event.type).toBe("action.pending");
    expect(event.data.action).toMatchObject({ action_id: first, agent_id: "pay-bot", status: "pending_approval" });
    expect(event.data.links.approve).toBe(
      `https://gov.example.com/console/approvals?action=${first}&decision=approve#action-${first}`,
    );
    expect(() => new Webhook(secret).verify(arrived.body.replace("pay-bot", "evil-bot"), arrived.headers)).toThrow();

    // 2. Down (the port refuses connections): the action is still answered; the delivery waits and retries.
    await close(receiver!);
    receiver = undefined;
    const second = await pendingAction();
    const failing = await eventually(async () => {
      const row = (await deliveries(endpointId)).find((d) => d.action_id === second);
      return row && row.attempts >= 2 ? row : undefined;
    });
    expect(failing).toMatchObject({
      status: "pending",
      last_status_code: 0,
      last_error: "ECONNREFUSED",
      delivered_at: null,
    });
    expect(failing.next_attempt_at).not.toBeNull();

    // 3. Back on the same port: the retry arrives, correctly signed, and the log says so.
    receiver = await listen(port, received);
    const retried = await eventually(async () =>
      received.find(
        (r) => (JSON.parse(r.body) as { data: { action: { action_id: number } } }).data.action.action_id === second,
      ),
    );
    expect((new Webhook(secret).verify(retried.body, retried.headers) as { type: string }).type).toBe("action.pending");
    const done = await eventually(async () => {
      const row = (await deliveries(endpointId)).find((d) => d.action_id === second);
      return row?.status === "delivered" ? row : undefined;
    });
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(done).toMatchObject({ last_status_code: 200, last_error: "", next_attempt_at: null });
    expect(received.filter((r) => r.headers["webhook-id"] === retried.headers["webhook-id"])).toHaveLength(1);

    // A test notification, and the outbox's lag and outcomes on /metrics.
    const test = await platform.call("POST", `/api/v1/notification-endpoints/${endpointId}/test`, { headers: admin });
    expect(test.status).toBe(201);
    expect(test.body).toMatchObject({ event: "notification.test", status: "pending", action_id: null });
    await eventually(async () => received.find((r) => r.headers["webhook-id"] === test.body.id));
    const metrics = await (await fetch(`${platform.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/agp_notification_outbox_lag_seconds\{[^}]*service="approval"[^}]*\} \d/);
    expect(metrics).toMatch(/agp_notification_deliveries\{[^}]*status="delivered"[^}]*\} 3/);
  }, 30_000);

  it("admin only, validated on both route families, other organizations' endpoints not found", async () => {
    const list = () => platform.call("GET", "/api/v1/notification-endpoints", { headers: admin });
    const before = (await list()).body.items.length;
    const bad = async (path: string, body: unknown) =>
      platform.call("POST", path, { body, headers: admin }).then((r) => [r.status, r.body.error.code, r.body.detail]);
    expect(await bad("/api/v1/notification-endpoints", { kind: "webhook", url: "ftp://files.example.com/" })).toEqual([
      400,
      "INVALID_FIELD_VALUE",
      "Invalid value for field 'url': URL scheme must be http or https",
    ]);
    const legacy = await platform.call("POST", "/api/notification-endpoints", {
      body: { kind: "webhook", url: "https://user:pw@hooks.example.com/" },
      headers: admin,
    });
    expect(legacy.status).toBe(422);
    expect(legacy.body.detail).toEqual([
      { loc: ["body", "url"], msg: "URL must not contain credentials", type: "value_error" },
    ]);
    expect((await bad("/api/v1/notification-endpoints", { kind: "webhook" }))[1]).toBe("MISSING_REQUIRED_FIELD");
    expect(
      await bad("/api/v1/notification-endpoints", { kind: "webhook", url: "https://h.example/", event: ["x"] }),
    ).toEqual([422, "VALIDATION_ERROR", "Request body failed schema validation: 'event' extra fields not permitted"]);
    expect(await bad("/api/v1/notification-endpoints", { kind: "email", email: "ops@notify.test" })).toEqual([
      422,
      "EMAIL_NOTIFICATIONS_NOT_CONFIGURED",
      "Email notifications are not configured",
    ]);
    expect((await list()).body.items.length).toBe(before);

    const asAgent = await platform.call("GET", "/api/v1/notification-endpoints", { headers: agent });
    expect([asAgent.status, asAgent.body.error.code]).toEqual([403, "INSUFFICIENT_PERMISSIONS"]);

    const other = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Other", email: "o@other.test", password: "pass-word-9" },
    });
    const stranger = { authorization: `Bearer ${other.body.access_token}` };
    const mine = (await list()).body.items[0].id as string;
    for (const [method, path] of [
      ["GET", `/api/v1/notification-endpoints/${mine}`],
      ["PATCH", `/api/v1/notification-endpoints/${mine}`],
      ["DELETE", `/api/v1/notification-endpoints/${mine}`],
      ["POST", `/api/v1/notification-endpoints/${mine}/test`],
      ["GET", `/api/v1/notification-endpoints/${mine}/deliveries`],
    ] as const) {
      const res = await platform.call(method, path, {
        headers: stranger,
        ...(method === "PATCH" ? { body: { enabled: false } } : {}),
      });
      expect([res.status, res.body.error.code, res.body.detail]).toEqual([
        404,
        "RESOURCE_NOT_FOUND",
        "Notification endpoint not found",
      ]);
    }

    const disabled = await platform.call("PATCH", `/api/v1/notification-endpoints/${mine}`, {
      body: { enabled: false, name: "Paused" },
      headers: admin,
    });
    expect(disabled.body).toMatchObject({ enabled: false, name: "Paused" });
    const rotated = await platform.call("POST", `/api/v1/notification-endpoints/${mine}/rotate-secret`, {
      headers: admin,
    });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect((await platform.call("DELETE", `/api/v1/notification-endpoints/${mine}`, { headers: admin })).status).toBe(
      204,
    );
    expect((await platform.call("GET", `/api/v1/notification-endpoints/${mine}`, { headers: admin })).status).toBe(404);
  }, 30_000);
});
