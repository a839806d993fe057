import { describe, expect, it } from "vitest";
import { Coalescer } from "./coalescer.js";

/** A batch writer that records each batch and answers when `release` is called. */
function gatedWriter() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = (batch: readonly number[]) => {
    batches.push([...batch]);
    return new Promise<number[]>((resolve) => gates.push(() => resolve(batch.map((n) => n * 10))));
  };
  const releaseNext = async () => {
    gates.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, write, releaseNext };
}

describe("Coalescer", () => {
  it("sends the first request alone, and those that arrive meanwhile together, each answered its own result", async () => {
    const w = gatedWriter();
    const coalescer = new Coalescer(w.write, { maxBatch: 10 });
    const answers = [1, 2, 3, 4].map((n) => coalescer.submit(n));
    expect(w.batches).toEqual([[1]]);
    await w.releaseNext();
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    await w.releaseNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
  });

  it("cuts batches at maxBatch", async () => {
    const w = gatedWriter();
    const coalescer = new Coalescer(w.write, { maxBatch: 2 });
    const answers = [1, 2, 3, 4, 5].map((n) => coalescer.submit(n));
    for (let i = 0; i < 3; i++) await w.releaseNext();
    expect(w.batches).toEqual([[1], [2, 3], [4, 5]]);
    await w.releaseNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
  });

  it("keeps up to maxInFlight batches going at once", async () => {
    const w = gatedWriter();
    const coalescer = new Coalescer(w.write, { maxBatch: 10, maxInFlight: 2 });
    const answers = [1, 2, 3, 4].map((n) => coalescer.submit(n));
    // 1 goes alone, 2 goes alone as the second in flight, 3 and 4 wait for a free slot.
    expect(w.batches).toEqual([[1], [2]]);
    await w.releaseNext();
    expect(w.batches).toEqual([[1], [2], [3, 4]]);
    await w.releaseNext();
    await w.releaseNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
  });

  it("with isolateFailures, retries a failed batch request by request so only the bad one fails", async () => {
    const coalescer = new Coalescer<number, number>(
      async (batch) => {
        await Promise.resolve();
        if (batch.includes(13)) throw new Error("unlucky");
        return batch.map((n) => n + 1);
      },
      { maxBatch: 10, isolateFailures: true },
    );
    const first = coalescer.submit(1);
    const rest = [12, 13, 14].map((n) =>
      coalescer.submit(n).then(
        (v) => v,
        (e: unknown) => (e as Error).message,
      ),
    );
    expect(await first).toBe(2);
    expect(await Promise.all(rest)).toEqual([13, "unlucky", 15]);
  });

  it("fails every request of a failed batch without isolateFailures, and a request the writer left unanswered", async () => {
    const failing = new Coalescer<number, number>(() => Promise.reject(new Error("down")), { maxBatch: 10 });
    await expect(failing.submit(1)).rejects.toThrow("down");
    const short = new Coalescer<number, number>(async () => [1], { maxBatch: 10 });
    const first = short.submit(1);
    const [a, b] = [short.submit(2), short.submit(3)];
    expect(await first).toBe(1);
    expect(await a).toBe(1);
    await expect(b).rejects.toThrow("fewer results");
  });
});
