import type { EntityManager } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { isOptimisticLockFailure, olderThan, type PageCursor } from "@platform/persistence";
import { assertMayChangeRole, assertMayDelete, type Actor } from "../domain/user-rules.js";
import { ApiKeyEntity, RefreshTokenEntity, UserEntity, type User } from "../persistence/entities.js";

/** Work written in the same transaction as a change (its audit entry). */
export type SameTransaction<T> = (em: EntityManager, changed: T) => void;

export interface UserChanges {
  readonly role?: string;
  readonly fullName?: string;
}

/**
 * Users as an admin sees them: always within the caller's organization, so a user
 * of another organization is USER_NOT_FOUND, indistinguishable from one that never existed.
 */
export class UserDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly organizationId: string,
    private readonly now: () => Date,
  ) {}

  /** Newest first, keyset-paginated on (createdAt, id). */
  page(limit: number, after?: PageCursor): Promise<User[]> {
    return this.em.find(
      UserEntity,
      { organizationId: this.organizationId, ...olderThan(after) },
      { orderBy: { createdAt: "desc", id: "desc" }, limit },
    );
  }

  async get(id: string): Promise<User> {
    const user = await this.em.findOne(UserEntity, { id, organizationId: this.organizationId });
    if (!user) throw platformError("USER_NOT_FOUND", { user_id: id }, { resource: { type: "user", name: id } });
    return user;
  }

  /** Role and/or name; the role rules are the domain's. The row is versioned, so a concurrent edit is not overwritten blindly. */
  async update(actor: Actor, id: string, changes: UserChanges, withChange?: SameTransaction<User>): Promise<User> {
    const user = await this.get(id);
    if (changes.role !== undefined && changes.role !== user.role) {
      assertMayChangeRole(actor, user, changes.role);
      user.role = changes.role;
    }
    if (changes.fullName !== undefined) user.fullName = changes.fullName;
    withChange?.(this.em, user);
    try {
      await this.em.flush();
    } catch (failure) {
      if (isOptimisticLockFailure(failure))
        throw platformError("RESOURCE_CONFLICT", { resource_type: "User", resource_id: id });
      throw failure;
    }
    return user;
  }

  /**
   * Deletes the user and, in the same transaction, revokes their API keys and refresh
   * tokens. Their access tokens stop at once too: the credential resolver needs the user row.
   */
  async delete(actor: Actor, id: string, withChange?: SameTransaction<User>): Promise<void> {
    const user = await this.get(id);
    assertMayDelete(actor, user);
    const at = this.now();
    await this.em.transactional(async (tx) => {
      await tx.nativeUpdate(ApiKeyEntity, { createdByUserId: user.id, revokedAt: null }, { revokedAt: at });
      await tx.nativeUpdate(RefreshTokenEntity, { userId: user.id, revokedAt: null }, { revokedAt: at });
      await tx.nativeDelete(UserEntity, { id: user.id, organizationId: this.organizationId });
      withChange?.(tx, user);
    });
  }
}
