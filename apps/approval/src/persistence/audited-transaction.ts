import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { isUniqueConstraintViolation } from "@platform/persistence";
import { AuditLog } from "./audit-log.js";

/**
 * Runs `work` in a transaction with the audit log, again when a concurrent audit
 * append took its sequence number (the unique (organization, sequence) index decides).
 */
export async function inAuditedTransaction<T>(
  orm: MikroORM,
  now: () => Date,
  work: (em: EntityManager, audit: AuditLog) => Promise<T>,
  attempts = 8,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await orm.em.fork().transactional((em) => work(em, new AuditLog(em, now)));
    } catch (failure) {
      if (!isUniqueConstraintViolation(failure) || attempt >= attempts) throw failure;
    }
  }
}
