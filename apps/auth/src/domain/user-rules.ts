import { platformError } from "@platform/errors";
import { approvalLevelOf, type KeyRole, type Role } from "./roles.js";

/** Who is asking: their user id, role and approval level. */
export interface Actor {
  readonly userId: string;
  readonly role: string;
  readonly approvalLevel: number;
}

export interface ManagedUser {
  readonly id: string;
  readonly role: string;
}

function refuse(actor: Actor, required: string) {
  return platformError("INSUFFICIENT_PERMISSIONS", { role: actor.role, required_role: required });
}

/** A caller may hand out at most their own role. */
export function assertRoleWithin(actor: Actor, role: string): void {
  if (approvalLevelOf(role as KeyRole) > actor.approvalLevel) throw refuse(actor, role);
}

/**
 * Role changes: never one's own (no self-promotion, no locking oneself out), never
 * above one's own role, and never of someone ranked above the caller (an admin
 * cannot demote a security officer).
 */
export function assertMayChangeRole(actor: Actor, target: ManagedUser, role: string): void {
  if (target.id === actor.userId) throw refuse(actor, "another administrator");
  if (approvalLevelOf(target.role as Role) > actor.approvalLevel) throw refuse(actor, target.role);
  assertRoleWithin(actor, role);
}

/** Deletion: never oneself, never someone ranked above the caller. */
export function assertMayDelete(actor: Actor, target: ManagedUser): void {
  if (target.id === actor.userId) throw refuse(actor, "another administrator");
  if (approvalLevelOf(target.role as Role) > actor.approvalLevel) throw refuse(actor, target.role);
}
