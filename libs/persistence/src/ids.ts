import { randomUUID } from "node:crypto";

/**
 * Prefixed random ids (`org_...`, `act_...`): readable in logs, unguessable, never reused.
 * 24 hex digits of a random UUID (92 random bits, from the CSPRNG): Node draws UUIDs from
 * a pool it refills in bulk, where each randomBytes call enters OpenSSL on its own, a
 * visible cost when every governed action writes audit entries.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}
