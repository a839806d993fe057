import { randomBytes } from "node:crypto";

/** Prefixed random ids (`org_...`, `usr_...`, `key_...`): readable in logs, unguessable. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}
