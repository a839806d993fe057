import { LockMode, type MikroORM } from "@mikro-orm/core";
import { isUniqueConstraintViolation } from "@platform/persistence";
import { IdBlockEntity } from "./id-block-entity.js";

/**
 * Unique positive integers across replicas (and restarts): each block of `blockSize`
 * numbers is claimed in a short transaction that locks the sequence's row (SELECT ...
 * FOR UPDATE on PostgreSQL; SQLite has one writer), then handed out from memory. A
 * stopped replica leaves a gap, as a database sequence would.
 */
export class IdAllocator {
  private next = 0;
  private end = 0;
  private refill: Promise<void> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly sequence = "actions",
    private readonly blockSize = 1000,
  ) {}

  /** `count` fresh ids, in increasing order. */
  async take(count: number): Promise<number[]> {
    const ids: number[] = [];
    while (ids.length < count) {
      if (this.next >= this.end) await (this.refill ??= this.claimBlock().finally(() => (this.refill = undefined)));
      while (ids.length < count && this.next < this.end) ids.push(this.next++);
    }
    return ids;
  }

  private async claimBlock(): Promise<void> {
    if (this.next < this.end) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const end = await this.orm.em.fork().transactional(async (em) => {
          const row = await em.findOne(
            IdBlockEntity,
            { name: this.sequence },
            { lockMode: LockMode.PESSIMISTIC_WRITE },
          );
          const start = row?.nextId ?? 1;
          if (row) row.nextId = start + this.blockSize;
          else em.persist(em.create(IdBlockEntity, { name: this.sequence, nextId: start + this.blockSize }));
          return start + this.blockSize;
        });
        this.next = end - this.blockSize;
        this.end = end;
        return;
      } catch (failure) {
        // Two replicas created the sequence's row at once: the loser reads the winner's.
        if (!isUniqueConstraintViolation(failure) || attempt >= 3) throw failure;
      }
    }
  }
}
