import type { MikroORM } from "@mikro-orm/core";
import { changeWatchService, ownerChangeFeed } from "@platform/changes";
import { OutboxRelay } from "@platform/outbox";
import { AUDIT_ENTRY_TOPIC, auditEntryHandler } from "@platform/outbox/audit";
import { ApprovalService, AuthService, ChangeService } from "@platform/proto";
import { SERVICE_PORTS } from "@platform/config";
import { createServiceClient, serviceUrl, type ServiceDefinition } from "@platform/rpc";
import { withPromptAuditDelivery } from "./rpc/audit-events.js";
import { TokenSigner } from "./domain/tokens.js";
import { authEntities } from "./persistence/entities.js";
import { loadSigningSecret } from "./persistence/signing-secret.js";
import { authService } from "./rpc/auth-service.js";
import { AUTH_TOPIC, withChangeNotices } from "./rpc/change-notices.js";
import { authMigrations } from "./migrations/index.js";

/** The relay of each opened database: the handlers deliver through it, the background loop runs it. */
const relays = new WeakMap<MikroORM, OutboxRelay>();

function relayFor(orm: MikroORM, env: NodeJS.ProcessEnv): OutboxRelay {
  let relay = relays.get(orm);
  if (!relay) {
    const approval = createServiceClient(ApprovalService, { baseUrl: serviceUrl("approval", env) });
    relay = new OutboxRelay(orm, { [AUDIT_ENTRY_TOPIC]: auditEntryHandler(() => approval) }, { name: "auth" });
    relays.set(orm, relay);
  }
  return relay;
}

export const authDefinition: ServiceDefinition = {
  name: "auth",
  migrations: authMigrations,
  defaultPort: SERVICE_PORTS.auth,
  entities: authEntities,
  routes: async (orm, env) => {
    const signer = new TokenSigner(await loadSigningSecret(orm, env["JWT_SECRET"]));
    // Gateways cache resolved callers and limits; they hear of changes here (or on Redis).
    const feed = ownerChangeFeed(env);
    return (router) => {
      router.service(
        AuthService,
        withChangeNotices(withPromptAuditDelivery(authService({ orm, signer }), relayFor(orm, env)), feed),
      );
      router.service(ChangeService, changeWatchService(feed, AUTH_TOPIC));
    };
  },
  /** Appends the audit entries of auth changes on approval (outbox), also those left by an earlier run. */
  background: (orm, env) => {
    const relay = relayFor(orm, env);
    relay.start();
    return () => relay.stop();
  },
};
