import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEntry, verifyChain, type AuditFacts, type ChainedEntry } from "./audit-chain.js";
import { escalate } from "./escalation.js";

function chain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= n; sequence++) {
    const facts: AuditFacts = {
      organizationId: "org_a",
      sequence,
      eventType: "action.approved",
      actorUserId: "usr_1",
      actorApiKeyId: "",
      agentId: "bot",
      actionId: `act_${sequence}`,
      outcome: "approved",
      data: { b: 1, a: [1, { z: 2, y: 3 }] },
      correlationId: "c".repeat(32),
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, sequence)),
    };
    const hash = hashEntry(facts, previousHash);
    entries.push({ ...facts, id: `aud_${sequence}`, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

describe("audit chain", () => {
  it("verifies an untouched chain", () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, checked: 5 });
  });

  it("hashes data independently of key order", () => {
    const [entry] = chain(1);
    expect(hashEntry({ ...entry!, data: { a: [1, { y: 3, z: 2 }], b: 1 } }, GENESIS_HASH)).toBe(entry!.hash);
  });

  it("reports an edited entry as the first broken one", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, outcome: "denied" };
    expect(verifyChain(entries)).toEqual({
      valid: false,
      checked: 3,
      firstBroken: { id: "aud_3", sequence: 3, problem: "hash_mismatch" },
    });
  });

  it("reports a rehashed edit at the next link", () => {
    const entries = chain(5);
    const edited = { ...entries[1]!, outcome: "denied" };
    entries[1] = { ...edited, hash: hashEntry(edited, edited.previousHash) };
    expect(verifyChain(entries).firstBroken).toEqual({ id: "aud_3", sequence: 3, problem: "broken_link" });
  });

  it("reports a deleted entry as a sequence gap", () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(verifyChain(entries).firstBroken).toEqual({ id: "aud_5", sequence: 5, problem: "sequence_gap" });
  });
});

describe("escalation", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("goes one level up with a fresh deadline", () => {
    expect(escalate(2, now, 3600)).toEqual({
      kind: "escalated",
      requiredLevel: 3,
      deadline: new Date("2026-01-01T01:00:00Z"),
    });
  });
  it("expires past the highest level", () => {
    expect(escalate(5, now, 3600)).toEqual({ kind: "expired" });
  });
});
