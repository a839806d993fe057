import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService, NotificationService } from "@platform/proto";
import { ActionSchema } from "@platform/proto/action";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActionRecorder } from "../application/action-recorder.js";
import { ApprovalWorkflow } from "../application/approval-workflow.js";
import { IdAllocator } from "../persistence/id-allocator.js";
import { approvalService } from "../rpc/approval-service.js";
import { approvalDefinition } from "../service.js";
import { NotificationDeliveryEntity, NotificationEndpointEntity } from "./notification-entities.js";
import { NotificationDispatcher } from "./notification-dispatcher.js";
import { NotificationEndpoints } from "./notification-endpoints.js";
import { NotificationOutbox } from "./notification-outbox.js";
import { createSender } from "./notification-senders.js";
import { notificationService } from "./notification-service.js";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver on a free port that answers `status()` and keeps what it got. */
async function startReceiver(status: () => number = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { received, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("approval notifications (%s)", (kind) => {
  let db: TestDatabase;
  let clock = new Date();
  const now = () => clock;
  let approval: ReturnType<typeof createClient<typeof ApprovalService>>;
  let notifications: ReturnType<typeof createClient<typeof NotificationService>>;
  let workflow: ApprovalWorkflow;
  let dispatcher: NotificationDispatcher;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: string[] = [];
  let org = 0;
  let admin = principal("admin");
  let user = principal("user");

  beforeAll(async () => {
    db = await openTestDatabase(approvalDefinition.entities, { kind });
    const outbox = new NotificationOutbox(now);
    workflow = new ApprovalWorkflow(db.orm, now, undefined, outbox.lifecycleChanged);
    const recorder = new ActionRecorder(db.orm, new IdAllocator(db.orm), now, outbox.actionsStored);
    const endpoints = new NotificationEndpoints(db.orm, outbox, true, now);
    const transport = inProcessTransport("approval", (router) => {
      router.service(ApprovalService, approvalService(db.orm, now, workflow, recorder));
      router.service(NotificationService, notificationService(endpoints));
    });
    approval = createClient(ApprovalService, transport);
    notifications = createClient(NotificationService, transport);
    receiver = await startReceiver();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        stream.on("end", () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    const nodemailer = await import("nodemailer");
    const mailer = nodemailer.createTransport(`smtp://127.0.0.1:${smtpPort}`);
    dispatcher = new NotificationDispatcher(
      db.orm,
      createSender({ publicUrl: "https://gov.example.com", mailer: async () => mailer, from: "gov@acme.test" }),
      { now, retry: { baseMs: 1000, capMs: 8000, retryForMs: 60_000 } },
    );
  });
  afterAll(async () => {
    await receiver?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await db?.close();
  });
  beforeEach(() => {
    clock = new Date();
    org += 1;
    admin = principal("admin", { organizationId: `org_n${org}`, userId: `usr_admin${org}` });
    user = principal("manager", { organizationId: `org_n${org}`, userId: `usr_m${org}` });
    receiver.received.length = 0;
    mails.length = 0;
  });

  const asAdmin = <T>(work: () => Promise<T>) => runAsPrincipal(admin, work);
  const createWebhook = (url = receiver.url, events: string[] = []) =>
    asAdmin(() => notifications.createNotificationEndpoint({ endpoint: { kind: "webhook", url, events } }));
  async function submit(status: string, requiredLevel = 2) {
    const res = await asAdmin(() =>
      approval.recordAction({
        action: create(ActionSchema, {
          agentId: "trading-bot",
          actionType: "transfer",
          status,
          requiredLevel,
          riskScore: 75,
          riskLevel: "high",
          estimatedCostUsd: 2500,
        }),
      }),
    );
    return Number(res.action!.id);
  }
  const deliveriesOf = (endpointId: string) =>
    db.orm.em.fork().find(NotificationDeliveryEntity, { endpointId }, { orderBy: { createdAt: "asc", id: "asc" } });

  it("a pending action is sent, signed, to each endpoint that wants it; a decided one to none", async () => {
    const { endpoint, secret } = await createWebhook();
    const other = await createWebhook(receiver.url, ["action.expired"]);
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      kind: "webhook",
      url: receiver.url,
      enabled: true,
      secretPrefix: `${secret.slice(0, 10)}…`,
    });
    expect(endpoint?.events).toEqual(["action.pending", "action.escalated", "action.expired"]);

    await submit("auto_approved", 0);
    await submit("denied", 0);
    const id = await submit("pending_approval");
    expect(await deliveriesOf(other.endpoint!.id)).toHaveLength(0);
    expect((await deliveriesOf(endpoint!.id)).map((d) => [d.event, d.actionId, d.status])).toEqual([
      ["action.pending", id, "pending"],
    ]);

    expect(await dispatcher.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers["content-type"]).toBe("application/json");
    const verified = new Webhook(secret).verify(body, headers as Record<string, string>) as Record<string, never>;
    expect(verified).toMatchObject({
      type: "action.pending",
      data: {
        organization_id: `org_n${org}`,
        action: {
          id,
          action_id: id,
          agent_id: "trading-bot",
          risk_score: 75,
          risk_level: "high",
          required_level: 2,
          estimated_cost_usd: 2500,
        },
        links: { console: `https://gov.example.com/console/approvals?action=${id}#action-${id}` },
      },
    });
    const [delivery] = await deliveriesOf(endpoint!.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204, lastError: "" });
    expect(headers["webhook-id"]).toBe(delivery!.id);
    expect(await dispatcher.deliverDue()).toBe(0); // sent once
  });

  it("an organization without endpoints queues nothing; a disabled endpoint gets nothing", async () => {
    await submit("pending_approval");
    const { endpoint } = await createWebhook();
    await asAdmin(() => notifications.updateNotificationEndpoint({ id: endpoint!.id, patch: { enabled: false } }));
    await submit("pending_approval");
    expect(await db.orm.em.fork().count(NotificationDeliveryEntity, { organizationId: admin.organizationId })).toBe(0);
  });

  it("a receiver that is down is retried with backoff, logged per attempt, and delivered once it is back", async () => {
    let answer = 503;
    const flaky = await startReceiver(() => answer);
    try {
      const { endpoint, secret } = await createWebhook(flaky.url);
      await submit("pending_approval");
      expect(await dispatcher.deliverDue()).toBe(1);
      let [delivery] = await deliveriesOf(endpoint!.id);
      expect(delivery).toMatchObject({
        status: "pending",
        attempts: 1,
        lastStatusCode: 503,
        lastError: "receiver answered HTTP 503",
      });
      const wait = delivery!.nextAttemptAt.getTime() - clock.getTime();
      expect(wait).toBeGreaterThanOrEqual(500);
      expect(wait).toBeLessThanOrEqual(1000);
      expect(await dispatcher.deliverDue()).toBe(0); // not due yet

      // Down for good: the port refuses connections.
      await flaky.close();
      clock = new Date(clock.getTime() + 1000);
      expect(await dispatcher.deliverDue()).toBe(1);
      [delivery] = await deliveriesOf(endpoint!.id);
      expect(delivery).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 0, lastError: "ECONNREFUSED" });

      // Back, on the same endpoint (its URL changed to the new receiver): the retry arrives, signed.
      answer = 200;
      const back = await startReceiver(() => answer);
      try {
        await asAdmin(() => notifications.updateNotificationEndpoint({ id: endpoint!.id, patch: { url: back.url } }));
        clock = new Date(clock.getTime() + 2000);
        expect(await dispatcher.deliverDue()).toBe(1);
        expect(back.received).toHaveLength(1);
        expect(() =>
          new Webhook(secret).verify(back.received[0]!.body, back.received[0]!.headers as Record<string, string>),
        ).not.toThrow();
        [delivery] = await deliveriesOf(endpoint!.id);
        expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200 });
        expect(back.received[0]!.headers["webhook-id"]).toBe(delivery!.id);
      } finally {
        await back.close();
      }
    } finally {
      await flaky.close().catch(() => undefined);
    }
  });

  it("gives up (failed) once the retry window is over, and does not follow redirects", async () => {
    const redirecting = await startReceiver(() => 302);
    try {
      const { endpoint } = await createWebhook(redirecting.url);
      await submit("pending_approval");
      await dispatcher.deliverDue();
      let [delivery] = await deliveriesOf(endpoint!.id);
      expect(delivery).toMatchObject({ status: "pending", lastStatusCode: 302 });
      expect(delivery!.lastError).toMatch(/^redirect not followed/);
      clock = new Date(clock.getTime() + 59_500);
      await dispatcher.deliverDue();
      [delivery] = await deliveriesOf(endpoint!.id);
      expect(delivery).toMatchObject({ status: "failed", attempts: 2 });
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await dispatcher.deliverDue()).toBe(0);
    } finally {
      await redirecting.close();
    }
  });

  it("escalated and expired approvals are sent to the endpoints that want them", async () => {
    await asAdmin(() => approval.updateApprovalSettings({ approvalDeadlineSeconds: 600 }));
    const pendingOnly = await createWebhook(receiver.url, ["action.pending"]);
    const lifecycle = await createWebhook(receiver.url, ["action.escalated", "action.expired"]);
    const id = await submit("pending_approval", 4);
    clock = new Date(clock.getTime() + 601_000);
    await workflow.escalateOverdue();
    clock = new Date(clock.getTime() + 601_000);
    await workflow.escalateOverdue();
    expect((await deliveriesOf(pendingOnly.endpoint!.id)).map((d) => d.event)).toEqual(["action.pending"]);
    const told = await deliveriesOf(lifecycle.endpoint!.id);
    expect(told.map((d) => [d.event, d.actionId])).toEqual([
      ["action.escalated", id],
      ["action.expired", id],
    ]);
    expect(told.map((d) => d.payload["action"] as { status: string; required_level: number })).toEqual([
      expect.objectContaining({ status: "pending_approval", required_level: 5 }),
      expect.objectContaining({ status: "denied", required_level: 5 }),
    ]);
    await dispatcher.deliverDue();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual([
      "action.escalated",
      "action.expired",
      "action.pending",
    ]);
  });

  it("Slack endpoints get blocks with console buttons; email endpoints a mail over SMTP", async () => {
    await asAdmin(() => notifications.createNotificationEndpoint({ endpoint: { kind: "slack", url: receiver.url } }));
    const mail = await asAdmin(() =>
      notifications.createNotificationEndpoint({ endpoint: { kind: "email", email: "ops@acme.test", name: "Ops" } }),
    );
    expect(mail).toMatchObject({
      secret: "",
      endpoint: { kind: "email", email: "ops@acme.test", url: "", name: "Ops" },
    });
    const id = await submit("pending_approval");
    expect(await dispatcher.deliverDue()).toBe(2);
    const slack = JSON.parse(receiver.received[0]!.body) as {
      text: string;
      blocks: { type: string; elements?: { url: string }[] }[];
    };
    expect(slack.text).toMatch(/^Approval needed at level 2: transfer by trading-bot/);
    expect(slack.blocks.at(-1)?.elements?.map((e) => e.url)).toEqual([
      `https://gov.example.com/console/approvals?action=${id}&decision=approve#action-${id}`,
      `https://gov.example.com/console/approvals?action=${id}&decision=reject#action-${id}`,
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain("To: ops@acme.test");
    expect(mails[0]).toContain(`Subject: Approval needed at level 2: transfer by trading-bot (action ${id})`);
  });

  it("validates input and changes nothing on a refusal; admins only; other organizations' endpoints are not found", async () => {
    const refused = async (work: () => Promise<unknown>) => (await catchPlatformError(asAdmin(work))).entry.key;
    expect(await refused(() => notifications.createNotificationEndpoint({ endpoint: { kind: "webhook" } }))).toBe(
      "MISSING_REQUIRED_FIELD",
    );
    expect(
      await refused(() =>
        notifications.createNotificationEndpoint({ endpoint: { kind: "webhook", url: "https://u:p@h.example/" } }),
      ),
    ).toBe("INVALID_FIELD_VALUE");
    expect(
      await refused(() =>
        notifications.createNotificationEndpoint({
          endpoint: { kind: "webhook", url: receiver.url, events: ["action.done"] },
        }),
      ),
    ).toBe("INVALID_FIELD_VALUE");
    expect(
      await refused(() => notifications.createNotificationEndpoint({ endpoint: { kind: "sms", url: receiver.url } })),
    ).toBe("INVALID_FIELD_VALUE");
    expect((await asAdmin(() => notifications.listNotificationEndpoints({}))).items).toHaveLength(0);

    const forbidden = await catchPlatformError(
      runAsPrincipal(user, () =>
        notifications.createNotificationEndpoint({ endpoint: { kind: "webhook", url: receiver.url } }),
      ),
    );
    expect(forbidden.entry.key).toBe("ADMIN_ACCESS_REQUIRED");
    expect(
      (await catchPlatformError(runAsPrincipal(user, () => notifications.listNotificationEndpoints({})))).entry.key,
    ).toBe("ADMIN_ACCESS_REQUIRED");

    const { endpoint } = await createWebhook();
    const stranger = principal("admin", { organizationId: "org_elsewhere", userId: "usr_x" });
    const calls: (() => Promise<unknown>)[] = [
      () => notifications.getNotificationEndpoint({ id: endpoint!.id }),
      () => notifications.updateNotificationEndpoint({ id: endpoint!.id, patch: { enabled: false } }),
      () => notifications.deleteNotificationEndpoint({ id: endpoint!.id }),
      () => notifications.rotateNotificationEndpointSecret({ id: endpoint!.id }),
      () => notifications.sendTestNotification({ id: endpoint!.id }),
      () => notifications.listNotificationDeliveries({ id: endpoint!.id }),
    ];
    for (const call of calls) {
      const caught = await catchPlatformError(runAsPrincipal(stranger, call));
      expect(caught.entry.key).toBe("NOTIFICATION_ENDPOINT_NOT_FOUND");
      expect(caught.params).toEqual({ endpoint_id: endpoint!.id });
    }
    expect((await asAdmin(() => notifications.getNotificationEndpoint({ id: endpoint!.id }))).endpoint?.enabled).toBe(
      true,
    );

    // A patch is checked as the endpoint will be: a webhook cannot take an address.
    expect(
      await refused(() => notifications.updateNotificationEndpoint({ id: endpoint!.id, patch: { email: "a@b.test" } })),
    ).toBe("INVALID_FIELD_VALUE");
  });

  it("email endpoints are refused without SMTP; an organization has at most 20 endpoints", async () => {
    const withoutSmtp = new NotificationEndpoints(db.orm, new NotificationOutbox(now), false, now);
    const caught = await catchPlatformError(
      withoutSmtp.create(
        { ...admin, organizationId: admin.organizationId },
        {
          name: "",
          kind: "email",
          url: "",
          email: "ops@acme.test",
          events: [],
          enabled: true,
        },
      ),
    );
    expect(caught.entry.key).toBe("EMAIL_NOTIFICATIONS_NOT_CONFIGURED");
    for (let i = 0; i < 20; i++) await createWebhook();
    const limit = await catchPlatformError(createWebhook());
    expect(limit.entry.key).toBe("NOTIFICATION_ENDPOINT_LIMIT_REACHED");
    expect(limit.params).toEqual({ limit: 20 });
  });

  it("rotating the secret signs the next attempts with the new one; test notifications; the log pages newest first", async () => {
    const { endpoint, secret } = await createWebhook();
    const rotated = await asAdmin(() => notifications.rotateNotificationEndpointSecret({ id: endpoint!.id }));
    expect(rotated.secret).not.toBe(secret);
    const test = await asAdmin(() => notifications.sendTestNotification({ id: endpoint!.id }));
    expect(test.delivery).toMatchObject({ event: "notification.test", status: "pending", actionId: 0n });
    await dispatcher.deliverDue();
    const { body, headers } = receiver.received[0]!;
    expect(() => new Webhook(secret).verify(body, headers as Record<string, string>)).toThrow();
    expect(new Webhook(rotated.secret).verify(body, headers as Record<string, string>)).toMatchObject({
      type: "notification.test",
    });

    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + 1000);
      await submit("pending_approval");
    }
    const first = await asAdmin(() => notifications.listNotificationDeliveries({ id: endpoint!.id, limit: 2 }));
    expect(first.items.map((d) => d.event)).toEqual(["action.pending", "action.pending"]);
    const rest = await asAdmin(() =>
      notifications.listNotificationDeliveries({ id: endpoint!.id, limit: 2, cursor: first.nextCursor }),
    );
    expect(rest.items.map((d) => d.event)).toEqual(["action.pending", "notification.test"]);
    expect(rest.nextCursor).toBe("");
    expect(rest.items[1]).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204 });
    const delivered = await asAdmin(() =>
      notifications.listNotificationDeliveries({ id: endpoint!.id, status: "delivered" }),
    );
    expect(delivered.items).toHaveLength(1);

    await asAdmin(() => notifications.deleteNotificationEndpoint({ id: endpoint!.id }));
    expect(await deliveriesOf(endpoint!.id)).toHaveLength(0);
    expect(await db.orm.em.fork().count(NotificationEndpointEntity, { id: endpoint!.id })).toBe(0);
  });

  it("two dispatchers (replicas) send every notification once", async () => {
    await createWebhook();
    for (let i = 0; i < 30; i++) await submit("pending_approval");
    const second = new NotificationDispatcher(db.orm, createSender({ publicUrl: "https://gov.example.com" }), {
      now,
      batchSize: 7,
    });
    const first = new NotificationDispatcher(db.orm, createSender({ publicUrl: "https://gov.example.com" }), {
      now,
      batchSize: 7,
    });
    for (let round = 0; round < 10; round++) await Promise.all([first.deliverDue(), second.deliverDue()]);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("a delivery being sent by one replica is not claimed by another until its lease ends", async () => {
    await createWebhook();
    await submit("pending_approval");
    let release: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (release = resolve));
    const slow = new NotificationDispatcher(
      db.orm,
      async () => {
        await sending;
        return { delivered: true, statusCode: 200, error: "" };
      },
      { now, leaseMs: 30_000 },
    );
    const other = new NotificationDispatcher(db.orm, createSender({ publicUrl: "https://gov.example.com" }), { now });
    const first = slow.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the slow one has claimed and is sending
    expect(await other.deliverDue()).toBe(0);
    clock = new Date(clock.getTime() + 29_000);
    expect(await other.deliverDue()).toBe(0);
    release();
    expect(await first).toBe(1);
    clock = new Date(clock.getTime() + 60_000);
    expect(await other.deliverDue()).toBe(0); // recorded as delivered by its holder
    expect(receiver.received).toHaveLength(0);
  });
});
