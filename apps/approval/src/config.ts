import { integer, port, serviceFields, serviceUrl } from "@platform/config";

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
} as const;
