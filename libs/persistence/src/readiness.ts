import type { MikroORM } from "@mikro-orm/core";

/**
 * Resolves when the database answers a trivial query within `timeoutMs` (2 s by
 * default), rejects otherwise: the readiness of a service (grpc.health.v1, /healthz,
 * and through them the gateway's /ready). A hung connection must not hang the probe.
 */
export async function checkDatabase(orm: MikroORM, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([orm.em.fork().getConnection().execute("select 1"), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
