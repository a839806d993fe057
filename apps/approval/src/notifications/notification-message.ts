import type { ActionSnapshot } from "./notification-events.js";

/** A queued notification's payload: the event and the action as it was then. */
export interface NotificationPayload {
  readonly type: string;
  /** When the event happened (ISO 8601). */
  readonly timestamp: string;
  readonly organization_id: string;
  readonly action: ActionSnapshot;
}

/** Where a person acts on the action: the console's approvals page, at the action's card. */
export interface ActionLinks {
  readonly console: string;
  readonly approve: string;
  readonly reject: string;
}

/** Links into the console (`<PUBLIC_URL>/console/approvals`, whose cards have the id `action-<id>`). */
export function actionLinks(publicUrl: string, actionId: number): ActionLinks {
  const page = `${publicUrl.replace(/\/+$/, "")}/console/approvals`;
  const at = (decision?: string) =>
    `${page}?action=${actionId}${decision ? `&decision=${decision}` : ""}#action-${actionId}`;
  return { console: at(), approve: at("approve"), reject: at("reject") };
}

/** The webhook body (Standard Webhooks' `{type, timestamp, data}`), links included. */
export function webhookBody(payload: NotificationPayload, links: ActionLinks): string {
  return JSON.stringify({
    type: payload.type,
    timestamp: payload.timestamp,
    data: { organization_id: payload.organization_id, action: payload.action, links },
  });
}

const usd = (amount: number) =>
  amount.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

/** One line a person reads first (Slack's notification text, the email subject). */
export function headline(payload: NotificationPayload): string {
  const a = payload.action;
  const what = `${a.action_type} by ${a.agent_id} (action ${a.id})`;
  switch (payload.type) {
    case "action.pending":
      return `Approval needed at level ${a.required_level}: ${what}`;
    case "action.escalated":
      return `Approval escalated to level ${a.required_level}: ${what}`;
    case "action.expired":
      return `Approval expired, action denied: ${what}`;
    default:
      return `Test notification from the agent governance platform: ${what}`;
  }
}

/** The facts of the action, as label and value, shared by Slack and email. */
export function facts(payload: NotificationPayload): [string, string][] {
  const a = payload.action;
  return [
    ["Agent", a.agent_id],
    ["Action type", a.action_type],
    ["Risk", `${a.risk_score} (${a.risk_level})`],
    ["Estimated cost", usd(a.estimated_cost_usd)],
    ["Required level", `L${a.required_level}`],
    ...(a.resource ? ([["Resource", a.resource]] as [string, string][]) : []),
    ...(a.approval_deadline ? ([["Decide before", a.approval_deadline]] as [string, string][]) : []),
  ];
}

/** Slack's mrkdwn needs only &, < and > escaped; long values are cut to Slack's field limits. */
const mrkdwn = (text: string, max = 1900) =>
  (text.length > max ? `${text.slice(0, max)}…` : text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

/**
 * A Slack incoming-webhook message: `text` for notifications and clients without
 * blocks, and blocks with the facts and link buttons into the console (approving
 * needs a signed-in approver, so the buttons open the console rather than act).
 */
export function slackMessage(payload: NotificationPayload, links: ActionLinks): Record<string, unknown> {
  const title = headline(payload);
  const stillPending = payload.type !== "action.expired";
  const buttons = stillPending
    ? [
        {
          type: "button",
          text: { type: "plain_text", text: "Approve in console" },
          style: "primary",
          url: links.approve,
        },
        { type: "button", text: { type: "plain_text", text: "Reject in console" }, style: "danger", url: links.reject },
      ]
    : [{ type: "button", text: { type: "plain_text", text: "View in console" }, url: links.console }];
  return {
    text: `${mrkdwn(title, 2900)} <${links.console}|Open in console>`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.length > 150 ? `${title.slice(0, 149)}…` : title } },
      {
        type: "section",
        fields: facts(payload).map(([label, value]) => ({
          type: "mrkdwn",
          text: `*${label}*\n${mrkdwn(value, 1800)}`,
        })),
      },
      ...(payload.action.reason
        ? [{ type: "context", elements: [{ type: "mrkdwn", text: mrkdwn(payload.action.reason, 1900) }] }]
        : []),
      { type: "actions", elements: buttons },
    ],
  };
}

const html = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The email: the headline as subject, the facts and links as text and as simple HTML. */
export function emailMessage(
  payload: NotificationPayload,
  links: ActionLinks,
): { subject: string; text: string; html: string } {
  const subject = headline(payload);
  const rows = facts(payload);
  const text = [
    subject,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(payload.action.reason ? ["", payload.action.reason] : []),
    "",
    `Approve or reject in the console: ${links.console}`,
  ].join("\n");
  const body = [
    `<p><strong>${html(subject)}</strong></p>`,
    `<table>${rows.map(([l, v]) => `<tr><th align="left">${html(l)}</th><td>${html(v)}</td></tr>`).join("")}</table>`,
    ...(payload.action.reason ? [`<p>${html(payload.action.reason)}</p>`] : []),
    `<p><a href="${html(links.console)}">Approve or reject in the console</a></p>`,
  ].join("\n");
  return { subject, text, html: body };
}
