import { changeWatchService, ownerChangeFeed } from "@platform/changes";
import { ApprovalService, AuthService, ChangeService } from "@platform/proto";
import { createServiceClient, type ServiceDefinition } from "@platform/rpc";
import { withAuditTrail } from "./rpc/audit-events.js";
import { TokenSigner } from "./domain/tokens.js";
import { authEntities } from "./persistence/entities.js";
import { loadSigningSecret } from "./persistence/signing-secret.js";
import { authService } from "./rpc/auth-service.js";
import { AUTH_TOPIC, withChangeNotices } from "./rpc/change-notices.js";

export const authDefinition: ServiceDefinition = {
  name: "auth",
  defaultPort: 50051,
  entities: authEntities,
  routes: async (orm, env) => {
    const signer = new TokenSigner(await loadSigningSecret(orm, env["JWT_SECRET"]));
    const approval = createServiceClient(ApprovalService, { baseUrl: env["APPROVAL_URL"] ?? "http://127.0.0.1:50054" });
    // Gateways cache resolved callers and limits; they hear of changes here (or on Redis).
    const feed = ownerChangeFeed(env);
    return (router) => {
      router.service(AuthService, withChangeNotices(withAuditTrail(authService({ orm, signer }), approval), feed));
      router.service(ChangeService, changeWatchService(feed, AUTH_TOPIC));
    };
  },
};
