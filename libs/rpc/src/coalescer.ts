export interface CoalescerOptions {
  /** Most requests in one batch. */
  readonly maxBatch: number;
  /**
   * When a whole batch fails, try each request alone, so that one bad request fails
   * alone (a database batch); off where a failure is the same for all (a service down).
   */
  readonly isolateFailures?: boolean;
  /**
   * Batches in flight at once (default 1). More than one lets the next batch start
   * while the previous one waits on something else (a service that itself calls
   * another), so two processes work at the same time instead of taking turns.
   */
  readonly maxInFlight?: number;
}

/**
 * Coalesces concurrent requests into batches handled by one call (group commit, or one
 * RPC for many): the first request after a quiet moment goes at once (a batch of one,
 * no added latency); requests that arrive while `maxInFlight` batches are in flight
 * wait and go together in the next one.
 */
export class Coalescer<Request, Result> {
  private queue: { request: Request; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly writeBatch: (batch: readonly Request[]) => Promise<Result[]>,
    private readonly options: CoalescerOptions,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    if (this.inFlight >= (this.options.maxInFlight ?? 1) || this.queue.length === 0) return;
    this.inFlight++;
    const batch = this.queue.splice(0, this.options.maxBatch);
    void this.write(batch).finally(() => {
      this.inFlight--;
      this.drain();
    });
  }

  private async write(batch: typeof this.queue): Promise<void> {
    try {
      const results = await this.writeBatch(batch.map((b) => b.request));
      batch.forEach((b, i) => {
        settle(b, results, i);
      });
    } catch (failure) {
      if (batch.length === 1 || !this.options.isolateFailures) {
        for (const b of batch) b.reject(failure);
        return;
      }
      for (const b of batch) {
        try {
          settle(b, await this.writeBatch([b.request]), 0);
        } catch (alone) {
          b.reject(alone);
        }
      }
    }
  }
}

/** A batch writer answers one result per request; a missing one is its bug, and fails that request only. */
function settle<Result>(
  waiting: { resolve: (r: Result) => void; reject: (e: unknown) => void },
  results: readonly Result[],
  index: number,
): void {
  if (index >= results.length) waiting.reject(new Error("the batch writer answered fewer results than requests"));
  else waiting.resolve(results[index] as Result);
}
