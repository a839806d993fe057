import { createClient, type Client } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { AuthService } from "@platform/proto";
import type { Principal } from "@platform/proto/principal";
import { inProcessTransport } from "@platform/rpc";
import { TokenSigner } from "./domain/tokens.js";
import { authEntities } from "./persistence/entities.js";
import { authService } from "./rpc/auth-service.js";

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names one. */
export const databaseKinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

/** The auth service over a real database, with a clock the test moves. */
export interface AuthHarness {
  readonly db: TestDatabase;
  readonly client: Client<typeof AuthService>;
  now(): Date;
  advance(ms: number): void;
  /** The principal a credential resolves to, as the gateway would get it. */
  asCaller(accessToken: string): Promise<Principal>;
  /** A new organization and its admin, logged in. */
  signup(
    email: string,
    password?: string,
  ): Promise<{ admin: Principal; refreshToken: string; accessToken: string; organizationId: string }>;
  close(): Promise<void>;
}

export async function openAuthHarness(
  kind: "sqlite" | "postgresql",
  start = new Date("2026-03-01T12:00:00Z"),
): Promise<AuthHarness> {
  const db = await openTestDatabase(authEntities, { kind });
  let clock = start;
  const now = () => clock;
  const signer = new TokenSigner(new Uint8Array(32).fill(3), now);
  const client = createClient(
    AuthService,
    inProcessTransport("auth", (router) => router.service(AuthService, authService({ orm: db.orm, signer, now }))),
  );
  const asCaller = async (accessToken: string) =>
    (await client.authenticate({ credential: { case: "accessToken", value: accessToken } })).principal!;
  return {
    db,
    client,
    now,
    advance(ms) {
      clock = new Date(clock.getTime() + ms);
    },
    asCaller,
    async signup(email, password = "long-password") {
      const res = await client.signup({ organizationName: `Org of ${email}`, email, password });
      const tokens = res.tokens!;
      return {
        admin: await asCaller(tokens.accessToken),
        refreshToken: tokens.refreshToken,
        accessToken: tokens.accessToken,
        organizationId: res.organization!.id,
      };
    },
    close: () => db.close(),
  };
}
