import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { ApprovalService } from "@platform/proto";
import type { Action } from "@platform/proto/action";
import { RecordActionRequestSchema, type RecordActionRequest } from "@platform/proto/approval";
import type { Principal } from "@platform/proto/principal";
import { Coalescer, codeOf, runAsPrincipal, servicePrincipal } from "@platform/rpc";

/** What the pipeline stores for a decision (the caller comes separately). */
export type DecisionRecord = Omit<MessageInitShape<typeof RecordActionRequestSchema>, "caller" | "$typeName">;

export interface Stored {
  readonly action: Action;
  readonly replayed: boolean;
}

/**
 * Where decided actions go: approval, which writes each with its audit entry. Concurrent
 * decisions travel together in one RecordActions call (and approval commits them in one
 * transaction), so the governance -> approval hop costs one RPC per batch, not per
 * action. Each record carries the caller it was decided for; the call itself is made
 * as governance. A record approval refused alone fails alone.
 */
export class ActionStore {
  private readonly batches: Coalescer<RecordActionRequest, Stored | ConnectError>;

  constructor(approval: Client<typeof ApprovalService>) {
    const self = servicePrincipal("governance");
    this.batches = new Coalescer(
      async (records) => {
        const { outcomes } = await runAsPrincipal(self, () => approval.recordActions({ records: [...records] }));
        return records.map((_, i) => {
          const outcome = outcomes[i];
          if (!outcome) return new ConnectError("approval answered fewer outcomes than records", Code.Internal);
          if (outcome.errorCode !== 0 || !outcome.action)
            return new ConnectError(outcome.errorMessage, codeOf(outcome.errorCode));
          return { action: outcome.action, replayed: outcome.replayed };
        });
      },
      { maxBatch: 256 },
    );
  }

  async record(caller: Principal, record: DecisionRecord): Promise<Stored> {
    const result = await this.batches.submit(create(RecordActionRequestSchema, { ...record, caller }));
    if (result instanceof ConnectError) throw result;
    return result;
  }
}
