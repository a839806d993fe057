import { ApprovalService, AuthService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { withAuditTrail } from "./rpc/audit-events.js";
import { TokenSigner } from "./domain/tokens.js";
import { authEntities } from "./persistence/entities.js";
import { loadSigningSecret } from "./persistence/signing-secret.js";
import { authService } from "./rpc/auth-service.js";

export const authDefinition: ServiceDefinition = {
  name: "auth",
  defaultPort: 50051,
  entities: authEntities,
  routes: async (orm, env) => {
    const signer = new TokenSigner(await loadSigningSecret(orm, env["JWT_SECRET"]));
    const approval = createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" });
    return (router) => router.service(AuthService, withAuditTrail(authService({ orm, signer }), approval));
  },
};
