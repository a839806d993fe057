import { httpUrl, integer, port, serviceFields, serviceUrl, smtpUrl, text } from "@platform/config";

/** The approval service's environment variables, checked at boot (see main.ts) and listed in the README. */
export const approvalConfig = {
  APPROVAL_PORT: port({ description: "The approval service's port (Connect over h2c).", default: "50054" }),
  ...serviceFields,
  GOVERNANCE_URL: serviceUrl("governance"),
  ESCALATION_INTERVAL_MS: integer(
    { min: 100, max: 86_400_000 },
    {
      description:
        "How often the approval service escalates overdue approvals, in milliseconds (any replica may; each escalation happens once).",
      default: "15000",
    },
  ),
  PUBLIC_URL: httpUrl({
    description:
      "The platform's address as users reach it (the gateway): approval notifications link to `<PUBLIC_URL>/console/approvals`.",
    default: "http://127.0.0.1:8080",
  }),
  SMTP_URL: smtpUrl({
    description:
      "SMTP server for email notification endpoints (sent with nodemailer). Unset: creating or enabling an email endpoint is refused with 422 `EMAIL_NOTIFICATIONS_NOT_CONFIGURED`.",
  }),
  SMTP_FROM: text({
    description: "Sender address of notification emails.",
    default: "Agent governance <notifications@localhost>",
  }),
  NOTIFICATION_RETRY_BASE_MS: integer(
    { min: 10, max: 3_600_000 },
    {
      description:
        "First retry delay of a failed notification delivery in milliseconds; doubled per attempt (with jitter) up to one hour.",
      default: "10000",
    },
  ),
  NOTIFICATION_RETRY_FOR_MS: integer(
    { min: 1000, max: 604_800_000 },
    {
      description:
        "How long a notification is retried before it is marked failed, in milliseconds from when it was queued (default 24 h).",
      default: "86400000",
    },
  ),
  NOTIFICATION_POLL_MS: integer(
    { min: 20, max: 60_000 },
    {
      description: "How often the approval service looks for notifications due for delivery, in milliseconds.",
      default: "1000",
    },
  ),
} as const;
