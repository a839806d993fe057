/**
 * What presenting a stored refresh token means. A token that was already used or
 * revoked is a replay (it may have been stolen), which revokes its whole family;
 * that check comes before expiry, so an old stolen token still raises the alarm.
 */
export type RefreshVerdict = "rotate" | "reuse" | "expired";

export interface StoredRefreshToken {
  readonly usedAt?: Date | null;
  readonly revokedAt?: Date | null;
  readonly expiresAt: Date;
}

export function judgeRefreshToken(token: StoredRefreshToken, now: Date): RefreshVerdict {
  if (token.usedAt || token.revokedAt) return "reuse";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "rotate";
}
