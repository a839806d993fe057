import { create } from "@bufbuild/protobuf";
import { PrincipalSchema, type Principal } from "@platform/proto/principal";

const levels: Record<string, number> = { user: 1, manager: 2, admin: 3, senior_admin: 4, security_officer: 5 };

/** A caller for service tests: `principal("admin", { organizationId: "org_a" })`. */
export function principal(role: keyof typeof levels, overrides: Partial<Omit<Principal, "$typeName">> = {}): Principal {
  return create(PrincipalSchema, {
    organizationId: "org_test",
    userId: `usr_${role}`,
    role,
    approvalLevel: levels[role],
    authMethod: "bearer",
    ...overrides,
  });
}
