import { timestampDate } from "@bufbuild/protobuf/wkt";
import { invalidRequest, platformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import { requirePrincipal, requireRole } from "@platform/rpc";
import { generateApiKey } from "../domain/api-key-format.js";
import { AGENT_ROLE, type KeyRole } from "../domain/roles.js";
import { hashSecret } from "../domain/secret-hash.js";
import { assertRoleWithin } from "../domain/user-rules.js";
import { ApiKeyEntity } from "../persistence/entities.js";
import { flushUnique } from "@platform/persistence";
import { auditEvents } from "./audit-events.js";
import type { HandlerContext } from "./handler-context.js";
import type { HandlerGroup } from "./impl.js";
import { toApiKeyMessage } from "./mappers.js";

/** API keys of the caller's organization, managed by admins. */
export function apiKeyHandlers(c: HandlerContext): HandlerGroup<"createApiKey" | "listApiKeys" | "revokeApiKey"> {
  return {
    async createApiKey(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      // Least privilege: a key is an agent's unless a person's role is asked for (api-contract section 5).
      const role = (req.role ?? AGENT_ROLE) as KeyRole;
      assertRoleWithin(caller, role);
      const expiresAt = req.expiresAt ? timestampDate(req.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= c.now().getTime()) {
        throw invalidRequest([
          { field: "expires_at", rule: "timestamp.gt_now", text: "ensure this value is in the future" },
        ]);
      }
      const em = c.orm.em.fork();
      const conflict = () => platformError("API_KEY_NAME_CONFLICT", { name: req.name });
      if (await em.findOne(ApiKeyEntity, { organizationId: caller.organizationId, name: req.name })) throw conflict();
      const { key, lookupId, prefix } = generateApiKey(role);
      const row = em.create(ApiKeyEntity, {
        id: newId("key"),
        organizationId: caller.organizationId,
        createdByUserId: caller.userId,
        name: req.name,
        lookupId,
        keyHash: await hashSecret(key),
        keyPrefix: prefix,
        role,
        expiresAt,
        revokedAt: null,
        createdAt: c.now(),
      });
      em.persist(row);
      c.audit(em, caller, auditEvents.apiKeyCreated(row));
      await flushUnique(em, conflict);
      return { apiKey: toApiKeyMessage(row), key };
    },

    async listApiKeys(_req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const rows = await c.orm.em
        .fork()
        .find(ApiKeyEntity, { organizationId: caller.organizationId }, { orderBy: { createdAt: "desc", id: "desc" } });
      return { items: rows.map(toApiKeyMessage) };
    },

    async revokeApiKey(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = c.orm.em.fork();
      const row = await em.findOne(ApiKeyEntity, { id: req.id, organizationId: caller.organizationId });
      if (!row)
        throw platformError("API_KEY_NOT_FOUND", { key_id: req.id }, { resource: { type: "api_key", name: req.id } });
      row.revokedAt ??= c.now();
      c.audit(em, caller, auditEvents.apiKeyRevoked(row.id));
      await em.flush();
      return {};
    },
  };
}
