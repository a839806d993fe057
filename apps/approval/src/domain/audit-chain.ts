import { createHash } from "node:crypto";

/** What an audit entry says; hashed together with its place in the chain. */
export interface AuditFacts {
  readonly organizationId: string;
  readonly sequence: number;
  readonly eventType: string;
  readonly actorUserId: string;
  readonly actorApiKeyId: string;
  readonly agentId: string;
  readonly actionId: string;
  readonly outcome: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly correlationId: string;
  readonly createdAt: Date;
}

export interface ChainedEntry extends AuditFacts {
  readonly id: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** The `previousHash` of an organization's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted, so equal data always hashes equally whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 over the entry's facts and the previous entry's hash: editing any entry breaks every later link. */
export function hashEntry(facts: AuditFacts, previousHash: string): string {
  const material = canonical([
    facts.organizationId,
    facts.sequence,
    facts.eventType,
    facts.actorUserId,
    facts.actorApiKeyId,
    facts.agentId,
    facts.actionId,
    facts.outcome,
    facts.data,
    facts.correlationId,
    facts.createdAt.toISOString(),
    previousHash,
  ]);
  return createHash("sha256").update(material).digest("hex");
}

export type ChainProblem = "hash_mismatch" | "broken_link" | "sequence_gap";

export interface ChainVerdict {
  readonly valid: boolean;
  readonly checked: number;
  readonly firstBroken?: { readonly id: string; readonly sequence: number; readonly problem: ChainProblem };
}

/**
 * Walks one organization's entries in sequence order and reports the first one whose
 * hash does not match its facts, whose link does not match the previous hash, or
 * that does not follow its predecessor's sequence (a deleted entry).
 */
export function verifyChain(
  entries: Iterable<ChainedEntry>,
  start: { sequence: number; hash: string } = { sequence: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let previous = start;
  let checked = 0;
  for (const entry of entries) {
    checked++;
    const broken = (problem: ChainProblem): ChainVerdict => ({
      valid: false,
      checked,
      firstBroken: { id: entry.id, sequence: entry.sequence, problem },
    });
    if (entry.sequence !== previous.sequence + 1) return broken("sequence_gap");
    if (entry.previousHash !== previous.hash) return broken("broken_link");
    if (hashEntry(entry, entry.previousHash) !== entry.hash) return broken("hash_mismatch");
    previous = { sequence: entry.sequence, hash: entry.hash };
  }
  return { valid: true, checked };
}
