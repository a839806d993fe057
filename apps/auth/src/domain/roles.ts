/**
 * Roles and the approval levels they carry (api-contract section 5 and the first
 * page's "Approval Levels" table).
 */
export const ROLES = ["user", "manager", "admin", "senior_admin", "security_officer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role of an agent's API key (api-contract section 5): level 0, below every
 * person, so it approves nothing and passes no role check; the gateway lets it
 * call only what an agent needs. Keys only: no user has it.
 */
export const AGENT_ROLE = "agent";
export type KeyRole = Role | typeof AGENT_ROLE;

const levels: Record<KeyRole, number> = {
  agent: 0,
  user: 1,
  manager: 2,
  admin: 3,
  senior_admin: 4,
  security_officer: 5,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Approval level 1-5 of a role. */
export function approvalLevelOf(role: KeyRole): number {
  return levels[role];
}

/** Admin routes are for admin and the roles above it. */
export function isAdmin(role: Role): boolean {
  return levels[role] >= levels.admin;
}

/** The lesser of two roles. */
export function lowerRole(a: KeyRole, b: KeyRole): KeyRole {
  return levels[a] <= levels[b] ? a : b;
}
