import type { EntityManager } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import { judgeRefreshToken } from "../domain/refresh-policy.js";
import {
  ACCESS_TOKEN_SECONDS,
  digestRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_SECONDS,
  type TokenSigner,
} from "../domain/tokens.js";
import { RefreshTokenEntity, UserEntity, type User } from "../persistence/entities.js";

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: string;
  readonly expiresIn: number;
}

/**
 * Access and refresh tokens. Each login starts a refresh token family; every
 * refresh marks the presented token used and issues the next one of the same family.
 * A used or revoked token presented again revokes the family: either the client or
 * a thief holds a newer token, and the server cannot tell which.
 */
export class SessionTokens {
  constructor(
    private readonly signer: TokenSigner,
    private readonly now: () => Date,
  ) {}

  /** A new pair; a new family unless one is given. Flushes `em`. */
  async issue(em: EntityManager, user: User, familyId = newId("rtf")): Promise<TokenPair> {
    const refreshToken = this.stage(em, user.id, familyId);
    await em.flush();
    return this.pair(user, refreshToken);
  }

  /** Exchanges a refresh token for the next pair of its family (rotation). */
  async refresh(em: EntityManager, presented: string): Promise<{ user: User; tokens: TokenPair }> {
    const row = await em.findOne(RefreshTokenEntity, { digest: digestRefreshToken(presented) });
    if (!row) throw platformError("INVALID_TOKEN");
    const at = this.now();
    const verdict = judgeRefreshToken(row, at);
    if (verdict === "expired") throw platformError("EXPIRED_TOKEN");
    if (verdict === "reuse") return this.revokeFamilyAndRefuse(em, row.familyId);
    const user = await em.findOne(UserEntity, { id: row.userId });
    if (!user) return this.revokeFamilyAndRefuse(em, row.familyId);
    // Marking used and issuing the successor commit together. The mark is conditional:
    // of two concurrent refreshes only one sees usedAt still null; the other's
    // update waits for that commit, changes nothing and is handled as reuse.
    const next = await em.transactional(async (tx) => {
      const marked = await tx.nativeUpdate(
        RefreshTokenEntity,
        { id: row.id, usedAt: null, revokedAt: null },
        { usedAt: at },
      );
      return marked === 1 ? this.stage(tx, user.id, row.familyId) : undefined;
    });
    if (!next) return this.revokeFamilyAndRefuse(em, row.familyId);
    return { user, tokens: await this.pair(user, next) };
  }

  /** Revokes every live refresh token of a user (logout, deletion). Access tokens die with their 60 minutes. */
  async revokeAllOf(em: EntityManager, userId: string): Promise<number> {
    return em.nativeUpdate(RefreshTokenEntity, { userId, revokedAt: null }, { revokedAt: this.now() });
  }

  private async revokeFamilyAndRefuse(em: EntityManager, familyId: string): Promise<never> {
    await em.nativeUpdate(RefreshTokenEntity, { familyId, revokedAt: null }, { revokedAt: this.now() });
    throw platformError("INVALID_TOKEN");
  }

  /** Persists (without flushing) a new refresh token row and returns the plain token. */
  private stage(em: EntityManager, userId: string, familyId: string): string {
    const refresh = newRefreshToken();
    const at = this.now();
    em.persist(
      em.create(RefreshTokenEntity, {
        id: newId("rtk"),
        userId,
        familyId,
        digest: refresh.digest,
        expiresAt: new Date(at.getTime() + REFRESH_TOKEN_SECONDS * 1000),
        usedAt: null,
        revokedAt: null,
        createdAt: at,
      }),
    );
    return refresh.token;
  }

  private async pair(user: User, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.signer.issueAccessToken({
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
    });
    return { accessToken, refreshToken, tokenType: "bearer", expiresIn: ACCESS_TOKEN_SECONDS };
  }
}
