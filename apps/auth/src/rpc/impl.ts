import type { ServiceImpl } from "@connectrpc/connect";
import type { AuthService } from "@platform/proto";

/** Every AuthService handler: a missing RPC does not compile. */
export type Impl = ServiceImpl<typeof AuthService>;

/** One group of handlers, exactly the named ones; the groups together make up `Impl`. */
export type HandlerGroup<M extends keyof Impl> = Pick<Impl, M>;
