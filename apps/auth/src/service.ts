import { AuthService } from "@platform/proto";
import type { ServiceDefinition } from "@platform/rpc";
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
    return (router) => router.service(AuthService, authService({ orm, signer }));
  },
};
