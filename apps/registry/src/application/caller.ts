import type { Principal } from "@platform/proto/principal";

/** Who asks: an authenticated principal of one organization (the rpc layer makes sure of both). */
export type Caller = Principal & { readonly organizationId: string };
