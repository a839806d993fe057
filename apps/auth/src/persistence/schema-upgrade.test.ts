import { defineEntity, p } from "@mikro-orm/core";
import { closeDatabase, dropTestSchema, openDatabase } from "@platform/persistence";
import { testDatabaseTarget } from "@platform/persistence/testing";
import { describe, expect, it } from "vitest";
import { authEntities, UserEntity } from "./entities.js";
import { databaseKinds } from "../test-support.js";

/** The users table as the first release created it, before lockout and TOTP replay columns. */
const FirstReleaseUser = defineEntity({
  name: "User",
  tableName: "users",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    email: p.string().unique(),
    passwordHash: p.string(),
    fullName: p.string(),
    role: p.string(),
    mfaSecret: p.string(),
    mfaEnabled: p.boolean(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});

describe.each(databaseKinds)("schema upgrade (%s)", (kind) => {
  it("adds the lockout and TOTP columns to an existing users table, keeping its rows", async () => {
    const target = testDatabaseTarget(kind, "upgrade");
    try {
      const old = await openDatabase({ target, entities: [FirstReleaseUser] });
      const em = old.em.fork();
      em.persist(
        em.create(FirstReleaseUser, {
          id: "usr_old",
          organizationId: "org_1",
          email: "old@upgrade.test",
          passwordHash: "x",
          fullName: "",
          role: "admin",
          mfaSecret: "",
          mfaEnabled: false,
          createdAt: new Date("2025-01-01T00:00:00Z"),
          version: 1,
        }),
      );
      await em.flush();
      await closeDatabase(old);

      const upgraded = await openDatabase({ target, entities: authEntities });
      const user = await upgraded.em.fork().findOneOrFail(UserEntity, { id: "usr_old" });
      expect({
        failedLogins: user.failedLogins,
        lockedUntil: user.lockedUntil ?? null,
        mfaLastStep: user.mfaLastStep,
      }).toEqual({ failedLogins: 0, lockedUntil: null, mfaLastStep: 0 });
      await closeDatabase(upgraded);
    } finally {
      await dropTestSchema(target);
    }
  });
});
