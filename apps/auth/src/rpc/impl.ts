import type { ServiceImpl } from "@connectrpc/connect";
import type { AuthService } from "@platform/proto";

/** A group of AuthService handlers; the groups together implement the service. */
export type Impl = Partial<ServiceImpl<typeof AuthService>>;
