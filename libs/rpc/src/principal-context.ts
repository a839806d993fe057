import { AsyncLocalStorage } from "node:async_hooks";
import { create } from "@bufbuild/protobuf";
import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { PrincipalSchema, type Principal } from "@platform/proto/principal";
import { platformError } from "@platform/errors";

/** Where a handler finds the caller: `ctx.values.get(principalKey)`. */
export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "authenticated caller" });

const scope = new AsyncLocalStorage<Principal>();

/** Runs `fn` so that every Connect call it makes carries `principal`. */
export function runAsPrincipal<T>(principal: Principal, fn: () => T): T {
  return scope.run(principal, fn);
}

/** The principal of the call being handled or made, if any. */
export function currentPrincipal(): Principal | undefined {
  return scope.getStore();
}

/** A caller acting in an organization; AUTHENTICATION_REQUIRED / NO_ORGANIZATION when there is none. */
export function requireCaller(principal: Principal | undefined): Principal & { organizationId: string } {
  if (!principal) throw platformError("AUTHENTICATION_REQUIRED");
  if (!principal.organizationId) throw platformError("NO_ORGANIZATION");
  return principal;
}

/** The caller of a handler; AUTHENTICATION_REQUIRED / NO_ORGANIZATION when there is none. */
export function requirePrincipal(ctx: HandlerContext): Principal & { organizationId: string } {
  return requireCaller(ctx.values.get(principalKey));
}

/** Minimum approval levels of the roles routes ask for (user 1 ... security_officer 5). */
const roleLevels = { user: 1, manager: 2, admin: 3 } as const;

/**
 * Refuses a caller below `role`: "Admin access required" for admin routes,
 * "Insufficient permissions for this operation" otherwise.
 */
export function requireRole(principal: Principal, role: keyof typeof roleLevels): void {
  if (principal.approvalLevel >= roleLevels[role]) return;
  if (role === "admin") throw platformError("ADMIN_ACCESS_REQUIRED", { role: principal.role });
  throw platformError("INSUFFICIENT_PERMISSIONS", { role: principal.role, required_role: role });
}

/** How a platform service names itself when it calls another on its own behalf (not a caller's). */
export const SERVICE_AUTH_METHOD = "service";

/**
 * The sender of a batch that names each request's own caller: only a platform service
 * (its signed service token says so) may speak for other callers.
 */
export function requireServiceSender(ctx: HandlerContext): Principal {
  const sender = ctx.values.get(principalKey);
  if (sender?.authMethod !== SERVICE_AUTH_METHOD)
    throw platformError("INSUFFICIENT_PERMISSIONS", { role: sender?.role ?? "", required_role: "service" });
  return sender;
}

/** The principal of a service acting for itself, e.g. governance sending many callers' actions in one call. */
export function servicePrincipal(service: string): Principal {
  return create(PrincipalSchema, { userId: `service:${service}`, role: "service", authMethod: SERVICE_AUTH_METHOD });
}

/**
 * The prefix of the idempotency keys the gateway mints for submissions without a
 * client Idempotency-Key: each is new by construction (a random UUID), so the store
 * never needs to look for an earlier action under it.
 */
export const GATEWAY_KEY_PREFIX = "gateway:";
