import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { catchPlatformError } from "@platform/testing";
import { assertValidTarget, defaultName, eventsOrAll, newSigningSecret, secretPrefix } from "./endpoint-rules.js";
import { sampleSnapshot, wants } from "./notification-events.js";
import {
  actionLinks,
  emailMessage,
  headline,
  slackMessage,
  webhookBody,
  type NotificationPayload,
} from "./notification-message.js";
import { nextAttemptAt, type RetryPolicy } from "./retry-schedule.js";
import { signNotification } from "./webhook-signature.js";

const at = new Date("2026-05-01T09:00:00Z");
const payload = (type: string, overrides: Partial<NotificationPayload["action"]> = {}): NotificationPayload => ({
  type,
  timestamp: at.toISOString(),
  organization_id: "org_1",
  action: {
    ...sampleSnapshot(at),
    id: 42,
    action_id: 42,
    agent_id: "trading-bot",
    action_type: "transfer",
    estimated_cost_usd: 2500,
    ...overrides,
  },
});

describe("webhook signature", () => {
  const secret = newSigningSecret("webhook");

  it("is the Standard Webhooks v1 HMAC-SHA256 over id.timestamp.body with the secret's bytes", () => {
    const body = '{"type":"action.pending"}';
    const headers = signNotification(secret, "ndl_1", at, body);
    expect(headers["webhook-id"]).toBe("ndl_1");
    expect(headers["webhook-timestamp"]).toBe(String(at.getTime() / 1000));
    // Written out without the package, as a receiver in another language would.
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`ndl_1.${headers["webhook-timestamp"]}.${body}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  it("verifies with the receiver's library while fresh, and not with another secret, another body or when stale", () => {
    const body = JSON.stringify({ type: "action.pending", n: 1 });
    const now = new Date();
    const headers = { ...signNotification(secret, "ndl_2", now, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: "action.pending", n: 1 });
    expect(() => new Webhook(newSigningSecret("webhook")).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace("1", "2"), headers)).toThrow();
    const stale = signNotification(secret, "ndl_2", new Date(now.getTime() - 6 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...stale })).toThrow(/too old/i);
  });

  it("secrets are whsec_ + 32 random bytes, none for email, shown by prefix only", () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newSigningSecret("webhook")).not.toBe(secret);
    expect(newSigningSecret("email")).toBe("");
    expect(secretPrefix(secret)).toBe(`${secret.slice(0, 10)}…`);
    expect(secretPrefix("")).toBe("");
  });
});

describe("retry schedule", () => {
  const policy: RetryPolicy = { baseMs: 1000, capMs: 8000, retryForMs: 60_000 };
  const fixed = (r: number) => () => r;

  it("doubles from the base up to the cap, jittered down by at most half", () => {
    const delays = [1, 2, 3, 4, 5].map((n) => nextAttemptAt(n, at, at, policy, fixed(1))!.getTime() - at.getTime());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    const lowest = [1, 2, 3, 4, 5].map((n) => nextAttemptAt(n, at, at, policy, fixed(0))!.getTime() - at.getTime());
    expect(lowest).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it("gives up once the next attempt would fall past the retry window", () => {
    const late = new Date(at.getTime() + 55_000);
    expect(nextAttemptAt(9, at, late, policy, fixed(0))).toEqual(new Date(late.getTime() + 4000));
    expect(nextAttemptAt(9, at, late, policy, fixed(1))).toBeUndefined();
  });
});

describe("endpoint rules", () => {
  const webhook = (url: string) => ({ kind: "webhook" as const, url, email: "" });

  it("accepts http and https URLs, refuses other schemes and credentials, naming the field", async () => {
    expect(() => assertValidTarget(webhook("https://hooks.example.com/a?b=c"), false)).not.toThrow();
    expect(() => assertValidTarget(webhook("http://127.0.0.1:9000/"), false)).not.toThrow();
    for (const [url, text] of [
      ["ftp://files.example.com/", "URL scheme must be http or https"],
      ["javascript:alert(1)", "URL scheme must be http or https"],
      ["https://user:pass@hooks.example.com/", "URL must not contain credentials"],
      ["https://token@hooks.example.com/", "URL must not contain credentials"],
    ] as const) {
      const caught = await catchPlatformError(() => assertValidTarget(webhook(url), false));
      expect(caught.entry.key).toBe("INVALID_FIELD_VALUE");
      expect(caught.problems).toEqual([{ field: "endpoint.url", rule: "string.uri", text }]);
    }
  });

  it("needs the target of the kind, and SMTP for email", async () => {
    expect((await catchPlatformError(() => assertValidTarget(webhook(""), true))).entry.key).toBe(
      "MISSING_REQUIRED_FIELD",
    );
    const email = { kind: "email" as const, url: "", email: "ops@acme.test" };
    expect(() => assertValidTarget(email, true)).not.toThrow();
    expect((await catchPlatformError(() => assertValidTarget(email, false))).entry.key).toBe(
      "EMAIL_NOTIFICATIONS_NOT_CONFIGURED",
    );
    const mixed = await catchPlatformError(() =>
      assertValidTarget({ kind: "slack", url: "https://hooks.slack.com/x", email: "a@b.c" }, true),
    );
    expect(mixed.problems?.map((p) => p.field)).toEqual(["endpoint.email"]);
  });

  it("defaults: every event, and a name from the host or the address", () => {
    expect(eventsOrAll([])).toEqual(["action.pending", "action.escalated", "action.expired"]);
    expect(eventsOrAll(["action.expired"])).toEqual(["action.expired"]);
    expect(defaultName(webhook("https://hooks.example.com:8443/x"))).toBe("hooks.example.com:8443");
    expect(defaultName({ kind: "email", url: "", email: "ops@acme.test" })).toBe("ops@acme.test");
    expect(wants({ enabled: true, events: ["action.pending"] }, "action.pending")).toBe(true);
    expect(wants({ enabled: false, events: ["action.pending"] }, "action.pending")).toBe(false);
    expect(wants({ enabled: true, events: ["action.expired"] }, "action.pending")).toBe(false);
  });
});

describe("messages", () => {
  const links = actionLinks("https://gov.example.com/", 42);

  it("links to the action's card on the console's approvals page", () => {
    expect(links).toEqual({
      console: "https://gov.example.com/console/approvals?action=42#action-42",
      approve: "https://gov.example.com/console/approvals?action=42&decision=approve#action-42",
      reject: "https://gov.example.com/console/approvals?action=42&decision=reject#action-42",
    });
  });

  it("webhook body: type, timestamp and the action with its links", () => {
    expect(JSON.parse(webhookBody(payload("action.pending"), links))).toEqual({
      type: "action.pending",
      timestamp: at.toISOString(),
      data: { organization_id: "org_1", action: payload("action.pending").action, links },
    });
  });

  it("Slack: text, a header, the facts, and approve/reject buttons into the console", () => {
    const message = slackMessage(payload("action.pending", { reason: "Risk <high> & costly" }), links);
    expect(message["text"]).toBe(
      "Approval needed at level 2: transfer by trading-bot (action 42) <https://gov.example.com/console/approvals?action=42#action-42|Open in console>",
    );
    const blocks = message["blocks"] as { type: string; [k: string]: unknown }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(blocks[1]!["fields"]).toEqual(
      expect.arrayContaining([
        { type: "mrkdwn", text: "*Agent*\ntrading-bot" },
        { type: "mrkdwn", text: "*Risk*\n75 (high)" },
        { type: "mrkdwn", text: "*Estimated cost*\n$2,500.00" },
        { type: "mrkdwn", text: "*Required level*\nL2" },
      ]),
    );
    expect(blocks[2]!["elements"]).toEqual([{ type: "mrkdwn", text: "Risk &lt;high&gt; &amp; costly" }]);
    expect(blocks[3]!["elements"]).toEqual([
      expect.objectContaining({ style: "primary", url: links.approve }),
      expect.objectContaining({ style: "danger", url: links.reject }),
    ]);
  });

  it("an expired approval offers no decision, only the console", () => {
    const blocks = slackMessage(payload("action.expired", { reason: "" }), links)["blocks"] as Record<
      string,
      unknown
    >[];
    expect(blocks.at(-1)!["elements"]).toEqual([expect.objectContaining({ url: links.console })]);
    expect(headline(payload("action.expired"))).toBe(
      "Approval expired, action denied: transfer by trading-bot (action 42)",
    );
    expect(headline(payload("action.escalated", { required_level: 3 }))).toMatch(/^Approval escalated to level 3/);
  });

  it("email: the headline as subject, facts as text and escaped HTML", () => {
    const mail = emailMessage(payload("action.pending", { agent_id: "<script>" }), links);
    expect(mail.subject).toBe("Approval needed at level 2: transfer by <script> (action 42)");
    expect(mail.text).toContain("Risk: 75 (high)\n");
    expect(mail.text).toContain(`Approve or reject in the console: ${links.console}`);
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).not.toContain("<script>");
  });
});
