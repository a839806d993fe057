import type { Client } from "@connectrpc/connect";
import { ApprovalService, AuthService, GovernanceService, RegistryService } from "@platform/proto";
import { createServiceClient } from "@platform/rpc";
import { withBatchedSubmissions } from "./batched-submissions.js";
import { instrumentClients } from "./metrics/instrument-clients.js";

/** The four services the gateway talks to, over Connect only. */
export interface ServiceClients {
  readonly auth: Client<typeof AuthService>;
  readonly registry: Client<typeof RegistryService>;
  readonly governance: Client<typeof GovernanceService>;
  readonly approval: Client<typeof ApprovalService>;
}

export interface ServiceUrls {
  readonly auth: string;
  readonly registry: string;
  readonly governance: string;
  readonly approval: string;
}

export function createServiceClients(urls: ServiceUrls, timeoutMs?: number): ServiceClients {
  const clients = {
    auth: createServiceClient(AuthService, { baseUrl: urls.auth, timeoutMs }),
    registry: createServiceClient(RegistryService, { baseUrl: urls.registry, timeoutMs }),
    governance: withBatchedSubmissions(createServiceClient(GovernanceService, { baseUrl: urls.governance, timeoutMs })),
    approval: createServiceClient(ApprovalService, { baseUrl: urls.approval, timeoutMs }),
  };
  // Each call is timed into rpc_client_call_duration_seconds (GET /metrics).
  return instrumentClients(clients, {
    auth: AuthService.typeName,
    registry: RegistryService.typeName,
    governance: GovernanceService.typeName,
    approval: ApprovalService.typeName,
  });
}
