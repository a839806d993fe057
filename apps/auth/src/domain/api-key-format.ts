import { randomInt } from "node:crypto";
import type { KeyRole } from "./roles.js";

/**
 * API keys look like `owkai_<role>_<40 letters and digits>` (api-contract section 8:
 * the vendor SDKs accept only `owkai_`/`ascend_` keys of letters, digits and `_`,
 * at least 20 long; admin keys read `owkai_admin_...` as on the second page).
 * The first 8 random characters are a lookup id stored in clear; the whole key is
 * stored only as a scrypt hash.
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomLength = 40;
const lookupLength = 8;
const pattern = new RegExp(`^owkai_((?:[a-z]+_)*?[a-z]+)_([A-Za-z0-9]{${randomLength}})$`);

export interface ParsedApiKey {
  readonly role: string;
  readonly lookupId: string;
}

export function generateApiKey(role: KeyRole): { key: string; lookupId: string; prefix: string } {
  let random = "";
  for (let i = 0; i < randomLength; i++) random += alphabet.charAt(randomInt(alphabet.length));
  const key = `owkai_${role}_${random}`;
  return { key, lookupId: random.slice(0, lookupLength), prefix: displayPrefix(key) };
}

/** What lists and errors show of a key: enough to recognise it, useless to use it. */
export function displayPrefix(key: string): string {
  const head = key.match(/^owkai_[a-z_]*_/)?.[0] ?? key.slice(0, 6);
  return `${head}${key.slice(head.length, head.length + 3)}...`;
}

/** Splits a presented key; undefined when it cannot be one of ours. */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  const match = pattern.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { role: match[1], lookupId: match[2].slice(0, lookupLength) };
}
