import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));

describe("the gateway's boot check", () => {
  it("stops on PORT=abc with one line naming it, no stack trace, exit code 78", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: appDir,
      env: { ...process.env, PORT: "abc", VITEST: "" },
      encoding: "utf8",
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toBe(
      'gateway: invalid configuration: PORT="abc" is invalid: expected an integer port from 0 to 65535\n',
    );
    expect(run.stdout).toBe("");
  });
});
