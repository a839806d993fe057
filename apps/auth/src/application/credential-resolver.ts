import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import { create } from "@bufbuild/protobuf";
import { platformError } from "@platform/errors";
import { PrincipalSchema, type Principal } from "@platform/proto/principal";
import { displayPrefix, parseApiKey } from "../domain/api-key-format.js";
import { approvalLevelOf, lowerRole, type KeyRole, type Role } from "../domain/roles.js";
import { verifySecret } from "../domain/secret-hash.js";
import type { TokenSigner } from "../domain/tokens.js";
import { ApiKeyEntity, UserEntity } from "../persistence/entities.js";

/**
 * Keys whose scrypt hash already verified, by SHA-256 of the key: scrypt is slow on
 * purpose and must not run on every request. Revocation and expiry are still read
 * from the database on every call, so a revoked key stops at once.
 */
class VerifiedKeys {
  private readonly byDigest = new Map<string, string>();
  constructor(private readonly max = 10_000) {}
  static digest(key: string): string {
    return createHash("sha256").update(key).digest("base64url");
  }
  get(key: string): string | undefined {
    return this.byDigest.get(VerifiedKeys.digest(key));
  }
  remember(key: string, keyId: string): void {
    if (this.byDigest.size >= this.max) {
      const oldest = this.byDigest.keys().next();
      if (!oldest.done) this.byDigest.delete(oldest.value);
    }
    this.byDigest.set(VerifiedKeys.digest(key), keyId);
  }
}

/** A caller, and when the credential that named it stops being valid (undefined: never). */
export interface ResolvedCredential {
  readonly principal: Principal;
  readonly expiresAt: Date | undefined;
}

/** Resolves API keys and access tokens into the calling principal. */
export class CredentialResolver {
  private readonly verified = new VerifiedKeys();

  constructor(
    private readonly signer: TokenSigner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async fromApiKey(em: EntityManager, key: string): Promise<ResolvedCredential> {
    const invalid = () => platformError("INVALID_API_KEY", { key_prefix: displayPrefix(key) });
    const parsed = parseApiKey(key);
    if (!parsed) throw invalid();
    const row = await em.findOne(ApiKeyEntity, { lookupId: parsed.lookupId });
    if (!row) throw invalid();
    if (this.verified.get(key) !== row.id) {
      if (!(await verifySecret(key, row.keyHash))) throw invalid();
      this.verified.remember(key, row.id);
    }
    // A deleted creator's keys are unknown keys, even though deletion also revoked them.
    const creator = await em.findOne(UserEntity, { id: row.createdByUserId, organizationId: row.organizationId });
    if (!creator) throw invalid();
    if (row.revokedAt) throw platformError("REVOKED_API_KEY", { key_prefix: row.keyPrefix });
    if (row.expiresAt && row.expiresAt.getTime() <= this.now().getTime()) {
      throw platformError("EXPIRED_API_KEY", { key_prefix: row.keyPrefix, expired_at: row.expiresAt.toISOString() });
    }
    // A key acts as its creator, so it never outranks them: demoting a user demotes their keys at once.
    const role = lowerRole(row.role as KeyRole, creator.role as Role);
    const principal = create(PrincipalSchema, {
      organizationId: row.organizationId,
      userId: creator.id,
      role,
      approvalLevel: approvalLevelOf(role),
      apiKeyId: row.id,
      authMethod: "api_key",
      email: creator.email,
    });
    return { principal, expiresAt: row.expiresAt ?? undefined };
  }

  async fromAccessToken(em: EntityManager, token: string): Promise<ResolvedCredential> {
    const claims = await this.signer.verifyAccessToken(token);
    // The role is read now, not from the token: a demotion takes effect at once.
    const user = await em.findOne(UserEntity, { id: claims.userId });
    if (!user) throw platformError("INVALID_TOKEN");
    if (!user.organizationId) throw platformError("NO_ORGANIZATION");
    const principal = create(PrincipalSchema, {
      organizationId: user.organizationId,
      userId: user.id,
      role: user.role,
      approvalLevel: approvalLevelOf(user.role as Role),
      authMethod: "bearer",
      email: user.email,
    });
    return { principal, expiresAt: claims.expiresAt };
  }
}
