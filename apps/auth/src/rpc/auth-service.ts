import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { invalidRequest, platformError } from "@platform/errors";
import { isUniqueConstraintViolation, newId } from "@platform/persistence";
import { AuthService } from "@platform/proto";
import { requirePrincipal, requireRole } from "@platform/rpc";
import type { Principal } from "@platform/proto/principal";
import { CredentialResolver } from "../application/credential-resolver.js";
import { generateApiKey } from "../domain/api-key-format.js";
import { approvalLevelOf, type Role } from "../domain/roles.js";
import { decoyHash, hashSecret, verifySecret } from "../domain/secret-hash.js";
import { ACCESS_TOKEN_SECONDS, newRefreshToken, REFRESH_TOKEN_SECONDS, type TokenSigner } from "../domain/tokens.js";
import { ApiKeyEntity, OrganizationEntity, RefreshTokenEntity, UserEntity, type User } from "../persistence/entities.js";
import { toApiKeyMessage, toOrganizationMessage, toUserMessage } from "./mappers.js";

type Impl = Partial<ServiceImpl<typeof AuthService>>;

/** Organization limits by default (api-contract section 4). */
export const DEFAULT_REQUESTS_PER_HOUR = 1_000;
export const DEFAULT_REQUESTS_PER_DAY = 10_000;

export interface AuthDeps {
  readonly orm: MikroORM;
  readonly signer: TokenSigner;
  readonly now?: () => Date;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A caller may hand out at most their own role. */
function assertRoleWithin(caller: Principal, role: string): void {
  if (approvalLevelOf(role as Role) > caller.approvalLevel) {
    throw platformError("INSUFFICIENT_PERMISSIONS", { role: caller.role, required_role: role });
  }
}

/** Connect handlers of auth: contract <-> domain only. */
export function authService(deps: AuthDeps): Impl {
  const now = deps.now ?? (() => new Date());
  const credentials = new CredentialResolver(deps.signer, now);

  async function issueTokens(em: EntityManager, user: User) {
    const accessToken = await deps.signer.issueAccessToken({ userId: user.id, organizationId: user.organizationId, role: user.role });
    const refresh = newRefreshToken();
    const at = now();
    em.persist(em.create(RefreshTokenEntity, {
      id: newId("rtk"), userId: user.id, familyId: newId("rtf"), digest: refresh.digest,
      expiresAt: new Date(at.getTime() + REFRESH_TOKEN_SECONDS * 1000), usedAt: null, revokedAt: null, createdAt: at,
    }));
    await em.flush();
    return { accessToken, refreshToken: refresh.token, tokenType: "bearer", expiresIn: ACCESS_TOKEN_SECONDS };
  }

  async function createUserRow(em: EntityManager, fields: { organizationId: string; email: string; password: string; role: Role; fullName: string }) {
    const user = em.create(UserEntity, {
      id: newId("usr"), organizationId: fields.organizationId, email: normalizeEmail(fields.email),
      passwordHash: await hashSecret(fields.password), fullName: fields.fullName, role: fields.role,
      mfaSecret: "", mfaEnabled: false, createdAt: now(), version: 1,
    });
    em.persist(user);
    return user;
  }

  async function flushUnique(em: EntityManager, conflict: () => Error): Promise<void> {
    try {
      await em.flush();
    } catch (failure) {
      throw isUniqueConstraintViolation(failure) ? conflict() : failure;
    }
  }

  return {
    async signup(req) {
      const em = deps.orm.em.fork();
      const taken = () => platformError("EMAIL_ALREADY_REGISTERED");
      if (await em.findOne(UserEntity, { email: normalizeEmail(req.email) })) throw taken();
      const organization = em.create(OrganizationEntity, {
        id: newId("org"), name: req.organizationName, requestsPerHour: DEFAULT_REQUESTS_PER_HOUR,
        requestsPerDay: DEFAULT_REQUESTS_PER_DAY, createdAt: now(),
      });
      em.persist(organization);
      const user = await createUserRow(em, { organizationId: organization.id, email: req.email, password: req.password, role: "admin", fullName: req.fullName });
      // Organization and admin land in one flush (one transaction), or neither does.
      await flushUnique(em, taken);
      return { organization: toOrganizationMessage(organization), user: toUserMessage(user), tokens: await issueTokens(em, user) };
    },

    async login(req) {
      const em = deps.orm.em.fork();
      const user = await em.findOne(UserEntity, { email: normalizeEmail(req.email) });
      // Unknown emails cost the same scrypt time as wrong passwords.
      const ok = await verifySecret(req.password, user?.passwordHash ?? decoyHash);
      if (!user || !ok) throw platformError("INVALID_CREDENTIALS");
      return { user: toUserMessage(user), tokens: await issueTokens(em, user) };
    },

    async authenticate(req) {
      const em = deps.orm.em.fork();
      switch (req.credential.case) {
        case "apiKey":
          return { principal: await credentials.fromApiKey(em, req.credential.value) };
        case "accessToken":
          return { principal: await credentials.fromAccessToken(em, req.credential.value) };
        default:
          throw platformError("AUTHENTICATION_REQUIRED");
      }
    },

    async getMe(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = deps.orm.em.fork();
      const user = await em.findOne(UserEntity, { id: caller.userId, organizationId: caller.organizationId });
      if (!user) throw platformError("USER_NOT_FOUND", { user_id: caller.userId });
      const organization = await em.findOne(OrganizationEntity, { id: caller.organizationId });
      if (!organization) throw platformError("ORGANIZATION_NOT_FOUND");
      return { user: toUserMessage(user), organization: toOrganizationMessage(organization) };
    },

    async getOrganization(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const organization = await deps.orm.em.fork().findOne(OrganizationEntity, { id: caller.organizationId });
      if (!organization) throw platformError("ORGANIZATION_NOT_FOUND");
      return { organization: toOrganizationMessage(organization) };
    },

    async updateOrganizationLimits(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = deps.orm.em.fork();
      const organization = await em.findOne(OrganizationEntity, { id: caller.organizationId });
      if (!organization) throw platformError("ORGANIZATION_NOT_FOUND");
      if (req.requestsPerHour !== undefined) organization.requestsPerHour = req.requestsPerHour;
      if (req.requestsPerDay !== undefined) organization.requestsPerDay = req.requestsPerDay;
      await em.flush();
      return { organization: toOrganizationMessage(organization) };
    },

    async createUser(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      assertRoleWithin(caller, req.role);
      const em = deps.orm.em.fork();
      const taken = () => platformError("EMAIL_ALREADY_REGISTERED");
      if (await em.findOne(UserEntity, { email: normalizeEmail(req.email) })) throw taken();
      const user = await createUserRow(em, { organizationId: caller.organizationId, email: req.email, password: req.password, role: req.role as Role, fullName: req.fullName });
      await flushUnique(em, taken);
      return { user: toUserMessage(user) };
    },

    async createApiKey(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const role = (req.role ?? caller.role) as Role;
      assertRoleWithin(caller, role);
      const expiresAt = req.expiresAt ? timestampDate(req.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= now().getTime()) {
        throw invalidRequest([{ field: "expires_at", rule: "timestamp.gt_now", text: "ensure this value is in the future" }]);
      }
      const em = deps.orm.em.fork();
      const conflict = () => platformError("API_KEY_NAME_CONFLICT", { name: req.name });
      if (await em.findOne(ApiKeyEntity, { organizationId: caller.organizationId, name: req.name })) throw conflict();
      const { key, lookupId, prefix } = generateApiKey(role);
      const row = em.create(ApiKeyEntity, {
        id: newId("key"), organizationId: caller.organizationId, createdByUserId: caller.userId, name: req.name,
        lookupId, keyHash: await hashSecret(key), keyPrefix: prefix, role, expiresAt, revokedAt: null, createdAt: now(),
      });
      em.persist(row);
      await flushUnique(em, conflict);
      return { apiKey: toApiKeyMessage(row), key };
    },

    async listApiKeys(_req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const rows = await deps.orm.em.fork().find(ApiKeyEntity, { organizationId: caller.organizationId }, { orderBy: { createdAt: "desc", id: "desc" } });
      return { items: rows.map(toApiKeyMessage) };
    },

    async revokeApiKey(req, ctx) {
      const caller = requirePrincipal(ctx);
      requireRole(caller, "admin");
      const em = deps.orm.em.fork();
      const row = await em.findOne(ApiKeyEntity, { id: req.id, organizationId: caller.organizationId });
      if (!row) throw platformError("API_KEY_NOT_FOUND", { key_id: req.id }, { resource: { type: "api_key", name: req.id } });
      row.revokedAt ??= now();
      await em.flush();
      return {};
    },
  };
}
