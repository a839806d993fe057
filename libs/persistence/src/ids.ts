import { randomBytes } from "node:crypto";

/** Prefixed random ids (`org_...`, `act_...`): readable in logs, unguessable, never reused. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}
