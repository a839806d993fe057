import { randomBytes } from "node:crypto";
import type { MikroORM } from "@mikro-orm/core";
import { isUniqueConstraintViolation } from "@platform/persistence";
import { SettingEntity } from "./entities.js";

const KEY = "jwt_signing_secret";

/**
 * The JWT signing secret: JWT_SECRET when set (production, shared by auth replicas),
 * otherwise one generated on first start and kept in the auth database, so tokens
 * survive restarts of the embedded platform.
 */
export async function loadSigningSecret(orm: MikroORM, fromEnv = process.env["JWT_SECRET"]): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const em = orm.em.fork();
  const stored = await em.findOne(SettingEntity, { key: KEY });
  if (stored) return Buffer.from(stored.value, "base64url");
  const value = randomBytes(32).toString("base64url");
  try {
    em.persist(em.create(SettingEntity, { key: KEY, value }));
    await em.flush();
    return Buffer.from(value, "base64url");
  } catch (failure) {
    // Another replica generated it first: use theirs.
    if (!isUniqueConstraintViolation(failure)) throw failure;
    const winner = await orm.em.fork().findOneOrFail(SettingEntity, { key: KEY });
    return Buffer.from(winner.value, "base64url");
  }
}
