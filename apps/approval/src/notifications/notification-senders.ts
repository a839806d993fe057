import type { Transporter } from "nodemailer";
import type { NotificationEndpoint } from "./notification-entities.js";
import {
  actionLinks,
  emailMessage,
  slackMessage,
  webhookBody,
  type NotificationPayload,
} from "./notification-message.js";
import { signNotification } from "./webhook-signature.js";

/** What one attempt came to; `statusCode` 0 when there was no HTTP answer. */
export interface SendOutcome {
  readonly delivered: boolean;
  readonly statusCode: number;
  readonly error: string;
}

/** One attempt at one delivery. */
export interface Attempt {
  readonly deliveryId: string;
  readonly endpoint: NotificationEndpoint;
  readonly payload: NotificationPayload;
  readonly at: Date;
}

export type Sender = (attempt: Attempt) => Promise<SendOutcome>;

export interface SenderOptions {
  /** Base of the console links (PUBLIC_URL). */
  readonly publicUrl: string;
  /** An attempt's deadline: a receiver that hangs is a failed attempt, retried later. */
  readonly timeoutMs?: number;
  /** Sends email (nodemailer over SMTP_URL); undefined when email is not configured. */
  readonly mailer?: () => Promise<Transporter>;
  readonly from?: string;
}

/** Why fetch failed, in words an admin can act on ("ECONNREFUSED", "timed out after 10000 ms"). */
function failureText(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error && failure.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  const cause =
    failure instanceof Error ? (failure.cause as { code?: string; message?: string } | undefined) : undefined;
  const text = cause?.code ?? cause?.message ?? (failure instanceof Error ? failure.message : String(failure));
  return text.slice(0, 500);
}

/**
 * POSTs a JSON body signed with the endpoint's secret. Redirects are not followed (a
 * redirect could lead the signed body anywhere): a 3xx is a failed attempt naming it.
 */
async function postSigned(attempt: Attempt, body: string, timeoutMs: number): Promise<SendOutcome> {
  const signature = attempt.endpoint.secret
    ? signNotification(attempt.endpoint.secret, attempt.deliveryId, attempt.at, body)
    : {};
  try {
    const res = await fetch(attempt.endpoint.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "agent-governance-notifications/1", ...signature },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined); // the answer's body is not needed
    if (res.status >= 200 && res.status < 300) return { delivered: true, statusCode: res.status, error: "" };
    const error =
      res.status >= 300 && res.status < 400
        ? `redirect not followed (to ${res.headers.get("location") ?? "nowhere"}); set the endpoint's final URL`
        : `receiver answered HTTP ${res.status}`;
    return { delivered: false, statusCode: res.status, error };
  } catch (failure) {
    return { delivered: false, statusCode: 0, error: failureText(failure, timeoutMs) };
  }
}

/** The sender of each endpoint kind. */
export function createSender(options: SenderOptions): Sender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (attempt) => {
    const links = actionLinks(options.publicUrl, attempt.payload.action.id);
    switch (attempt.endpoint.kind) {
      case "slack":
        return postSigned(attempt, JSON.stringify(slackMessage(attempt.payload, links)), timeoutMs);
      case "email": {
        if (!options.mailer) return { delivered: false, statusCode: 0, error: "email is not configured (SMTP_URL)" };
        try {
          await (
            await options.mailer()
          ).sendMail({ from: options.from, to: attempt.endpoint.email, ...emailMessage(attempt.payload, links) });
          return { delivered: true, statusCode: 0, error: "" };
        } catch (failure) {
          return {
            delivered: false,
            statusCode: 0,
            error: (failure instanceof Error ? failure.message : String(failure)).slice(0, 500),
          };
        }
      }
      default:
        return postSigned(attempt, webhookBody(attempt.payload, links), timeoutMs);
    }
  };
}
