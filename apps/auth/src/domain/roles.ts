/**
 * Roles and the approval levels they carry (api-contract section 5 and the first
 * page's "Approval Levels" table).
 */
export const ROLES = ["user", "manager", "admin", "senior_admin", "security_officer"] as const;
export type Role = (typeof ROLES)[number];

const levels: Record<Role, number> = { user: 1, manager: 2, admin: 3, senior_admin: 4, security_officer: 5 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Approval level 1-5 of a role. */
export function approvalLevelOf(role: Role): number {
  return levels[role];
}

/** Admin routes are for admin and the roles above it. */
export function isAdmin(role: Role): boolean {
  return levels[role] >= levels.admin;
}

/** The lesser of two roles. */
export function lowerRole(a: Role, b: Role): Role {
  return levels[a] <= levels[b] ? a : b;
}
