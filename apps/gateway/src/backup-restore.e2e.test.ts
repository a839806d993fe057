import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backupSqliteFiles, restoreSqliteFiles } from "@platform/persistence";
import { afterAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/**
 * `npm run backup` under load, then `npm run restore` into an empty data dir: the
 * platform started on the restored files answers, and its audit chain verifies.
 */
describe("SQLite backup under load, restored", () => {
  const dirs = ["live", "backup", "restored"].map((name) => mkdtempSync(join(tmpdir(), `platform-${name}-`)));
  const [live, backup, restored] = dirs as [string, string, string];
  const platforms: TestPlatform[] = [];
  afterAll(async () => {
    await Promise.all(platforms.map((p) => p.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a verifiable audit chain", async () => {
    const platform = await startTestPlatform("sqlite", undefined, { dataDir: live });
    platforms.push(platform);
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Backup", email: "a@backup.test", password: "pass-word-9" },
    });
    const admin = { authorization: `Bearer ${signup.body.access_token}` };
    await platform.call("POST", "/api/registry/agents", {
      body: { agent_id: "busy-bot", agent_type: "ops" },
      headers: admin,
    });
    await platform.call("PATCH", "/api/organization/limits", { body: { requests_per_minute: 100000 }, headers: admin });

    // Four writers submit actions (each audited) until the backup is taken and 20 more went in after it.
    let submitted = 0;
    let backupDone = false;
    let afterBackup = 0;
    const writer = async () => {
      while (!backupDone || afterBackup < 20) {
        const res = await platform.call("POST", "/api/actions", {
          body: { agent_id: "busy-bot", action_type: "read_file", resource: `r/${submitted}` },
          headers: admin,
        });
        expect(res.status).toBe(200);
        submitted++;
        if (backupDone) afterBackup++;
      }
    };
    const load = Promise.all([writer(), writer(), writer(), writer()]);
    while (submitted < 30) await new Promise((resolve) => setTimeout(resolve, 10));
    const manifest = backupSqliteFiles(live, backup);
    backupDone = true;
    await load;
    expect(manifest.files.map((f) => f.name)).toEqual([
      "approval.sqlite",
      "auth.sqlite",
      "governance.sqlite",
      "registry.sqlite",
    ]);
    const liveTrail = await platform.call("GET", "/api/audit/verify", { headers: admin });
    expect(liveTrail.body.valid).toBe(true);

    restoreSqliteFiles(backup, restored);
    const again = await startTestPlatform("sqlite", undefined, { dataDir: restored });
    platforms.push(again);
    const verified = await again.call("GET", "/api/audit/verify", { headers: admin });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, first_broken_entry_id: null, problem: null });
    // The snapshot holds what was written before it, not the 20+ written after it.
    expect(verified.body.entries_checked).toBeGreaterThanOrEqual(30);
    expect(verified.body.entries_checked).toBeLessThanOrEqual(liveTrail.body.entries_checked - 20);
    // And the restored platform keeps working on it.
    const more = await again.call("POST", "/api/actions", {
      body: { agent_id: "busy-bot", action_type: "read_file", resource: "after-restore" },
      headers: admin,
    });
    expect(more.status).toBe(200);
    expect((await again.call("GET", "/api/audit/verify", { headers: admin })).body.valid).toBe(true);
  }, 120_000);
});
