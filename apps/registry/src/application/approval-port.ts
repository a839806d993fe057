import type { Client } from "@connectrpc/connect";
import type { ApprovalService } from "@platform/proto";

/**
 * What the registry asks of the approval service: end pending approvals that can no longer
 * be decided, and append to the organization's audit trail.
 */
export type ApprovalPort = Pick<Client<typeof ApprovalService>, "denyPendingForAgent" | "denyPendingForOrganization" | "appendAuditEntry">;
