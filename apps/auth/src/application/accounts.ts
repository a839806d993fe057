import type { EntityManager } from "@mikro-orm/core";
import { newId } from "@platform/persistence";
import { normalizeEmail } from "../domain/email.js";
import type { Role } from "../domain/roles.js";
import { hashSecret } from "../domain/secret-hash.js";
import { UserEntity, type User } from "../persistence/entities.js";

export interface NewUser {
  readonly organizationId: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly fullName: string;
}

/** Stages (without flushing) a user row with a hashed password and MFA off. */
export async function stageUser(em: EntityManager, fields: NewUser, createdAt: Date): Promise<User> {
  const user = em.create(UserEntity, {
    id: newId("usr"),
    organizationId: fields.organizationId,
    email: normalizeEmail(fields.email),
    passwordHash: await hashSecret(fields.password),
    fullName: fields.fullName,
    role: fields.role,
    mfaSecret: "",
    mfaEnabled: false,
    mfaLastStep: 0,
    failedLogins: 0,
    lockedUntil: null,
    createdAt,
    version: 1,
  });
  em.persist(user);
  return user;
}

/** Whether an email is taken anywhere on the platform (emails identify users at login). */
export async function emailTaken(em: EntityManager, email: string): Promise<boolean> {
  return (await em.count(UserEntity, { email: normalizeEmail(email) })) > 0;
}
