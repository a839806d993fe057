import { platformError } from "@platform/errors";
import { decodeCursor, pageSize, toPage } from "@platform/persistence";
import { requirePrincipal, requireRole } from "@platform/rpc";
import { emailTaken, stageUser } from "../application/accounts.js";
import { UserDirectory } from "../application/user-directory.js";
import type { Role } from "../domain/roles.js";
import { assertRoleWithin } from "../domain/user-rules.js";
import { flushUnique } from "@platform/persistence";
import { auditEvents } from "./audit-events.js";
import type { HandlerContext } from "./handler-context.js";
import type { HandlerGroup } from "./impl.js";
import { toUserMessage } from "./mappers.js";

/** User management: admin-only, always within the caller's organization. */
export function userHandlers(
  c: HandlerContext,
): HandlerGroup<"createUser" | "listUsers" | "getUser" | "updateUser" | "deleteUser"> {
  return {
    async createUser(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      assertRoleWithin(caller, req.role);
      const em = c.orm.em.fork();
      const taken = () => platformError("EMAIL_ALREADY_REGISTERED");
      if (await emailTaken(em, req.email)) throw taken();
      const user = await stageUser(
        em,
        {
          organizationId: caller.organizationId,
          email: req.email,
          password: req.password,
          role: req.role as Role,
          fullName: req.fullName,
        },
        c.now(),
      );
      c.audit(em, caller, auditEvents.userCreated(user));
      await flushUnique(em, taken);
      return { user: toUserMessage(user) };
    },

    async listUsers(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const limit = pageSize(req.limit);
      const rows = await new UserDirectory(c.orm.em.fork(), caller.organizationId, c.now).page(
        limit + 1,
        decodeCursor(req.cursor),
      );
      return toPage(rows, limit, toUserMessage);
    },

    async getUser(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      return {
        user: toUserMessage(await new UserDirectory(c.orm.em.fork(), caller.organizationId, c.now).get(req.id)),
      };
    },

    async updateUser(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const directory = new UserDirectory(c.orm.em.fork(), caller.organizationId, c.now);
      const updated = await directory.update(caller, req.id, { role: req.role, fullName: req.fullName }, (em, user) =>
        c.audit(em, caller, auditEvents.userUpdated(user, req.role !== undefined)),
      );
      return { user: toUserMessage(updated) };
    },

    async deleteUser(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      await new UserDirectory(c.orm.em.fork(), caller.organizationId, c.now).delete(caller, req.id, (em) =>
        c.audit(em, caller, auditEvents.userDeleted(req.id)),
      );
      return {};
    },
  };
}
