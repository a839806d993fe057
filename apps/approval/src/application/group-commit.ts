/**
 * Coalesces concurrent requests into batches handled by one call: the first request
 * after a quiet moment is written at once (a batch of one, no added latency); requests
 * that arrive while a batch is being written wait and go together in the next one.
 * A batch that fails is retried one request at a time, so one bad request fails alone.
 */
export class GroupCommit<Request, Result> {
  private queue: { request: Request; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly writeBatch: (batch: readonly Request[]) => Promise<Result[]>, private readonly options: { readonly maxBatch: number }) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch = this.queue.splice(0, this.options.maxBatch);
    void this.write(batch).finally(() => {
      this.writing = false;
      this.drain();
    });
  }

  private async write(batch: typeof this.queue): Promise<void> {
    try {
      const results = await this.writeBatch(batch.map((b) => b.request));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (failure) {
      if (batch.length === 1) return batch[0]!.reject(failure);
      for (const b of batch) {
        try {
          const [result] = await this.writeBatch([b.request]);
          b.resolve(result!);
        } catch (alone) {
          b.reject(alone);
        }
      }
    }
  }
}
