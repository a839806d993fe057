import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ApiKeySchema, OrganizationSchema, UserSchema } from "@platform/proto/auth";
import { approvalLevelOf, type Role } from "../domain/roles.js";
import type { ApiKey, Organization, User } from "../persistence/entities.js";

export const toOrganizationMessage = (org: Organization) =>
  create(OrganizationSchema, {
    id: org.id,
    name: org.name,
    requestsPerHour: org.requestsPerHour,
    requestsPerDay: org.requestsPerDay,
    createdAt: timestampFromDate(org.createdAt),
  });

export const toUserMessage = (user: User) =>
  create(UserSchema, {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    approvalLevel: approvalLevelOf(user.role as Role),
    mfaEnabled: user.mfaEnabled,
    createdAt: timestampFromDate(user.createdAt),
  });

export const toApiKeyMessage = (key: ApiKey) =>
  create(ApiKeySchema, {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    role: key.role,
    expiresAt: key.expiresAt ? timestampFromDate(key.expiresAt) : undefined,
    createdAt: timestampFromDate(key.createdAt),
    revokedAt: key.revokedAt ? timestampFromDate(key.revokedAt) : undefined,
  });
