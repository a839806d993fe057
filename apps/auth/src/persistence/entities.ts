import { outboxEntities } from "@platform/outbox";
import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

export const OrganizationEntity = defineEntity({
  name: "Organization",
  tableName: "organizations",
  properties: {
    id: p.string().primary(),
    name: p.string(),
    requestsPerHour: p.integer(),
    requestsPerDay: p.integer(),
    createdAt: p.datetime(),
  },
});
export type Organization = InferEntity<typeof OrganizationEntity>;

/**
 * Emails are unique across the platform: login takes an email alone. Columns added
 * later carry a default or are nullable, so the safe schema update can add them to
 * existing tables.
 */
export const UserEntity = defineEntity({
  name: "User",
  tableName: "users",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    email: p.string().unique(),
    passwordHash: p.string(),
    fullName: p.string(),
    role: p.string(),
    /** Base32 TOTP secret; set by SetupMfa, in force once VerifyMfa set mfaEnabled. */
    mfaSecret: p.string(),
    mfaEnabled: p.boolean(),
    /** The last TOTP time step accepted: a code is never accepted twice (RFC 6238 section 5.2). */
    mfaLastStep: p.integer().default(0),
    /** Consecutive failed logins since the last success or lock (see domain/login-policy). */
    failedLogins: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export type User = InferEntity<typeof UserEntity>;

/** Only a scrypt hash of the key is kept; `lookupId` (8 random characters) finds the row. */
export const ApiKeyEntity = defineEntity({
  name: "ApiKey",
  tableName: "api_keys",
  properties: {
    id: p.string().primary(),
    organizationId: p.string(),
    createdByUserId: p.string(),
    name: p.string(),
    lookupId: p.string().unique(),
    keyHash: p.string(),
    keyPrefix: p.string(),
    role: p.string(),
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ["organizationId", "name"] }],
});
export type ApiKey = InferEntity<typeof ApiKeyEntity>;

/** Refresh tokens by family: reuse of a rotated one revokes the family (issue 4). */
export const RefreshTokenEntity = defineEntity({
  name: "RefreshToken",
  tableName: "refresh_tokens",
  properties: {
    id: p.string().primary(),
    userId: p.string().index(),
    familyId: p.string().index(),
    digest: p.string().unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export type RefreshToken = InferEntity<typeof RefreshTokenEntity>;

/** Service-wide settings, e.g. the generated JWT signing secret when JWT_SECRET is not given. */
export const SettingEntity = defineEntity({
  name: "Setting",
  tableName: "settings",
  properties: {
    key: p.string().primary(),
    value: p.text(),
  },
});
export type Setting = InferEntity<typeof SettingEntity>;

/** Auth's tables, with its outbox (audit entries on their way to approval). */
export const authEntities = [
  OrganizationEntity,
  UserEntity,
  ApiKeyEntity,
  RefreshTokenEntity,
  SettingEntity,
  ...outboxEntities,
];
