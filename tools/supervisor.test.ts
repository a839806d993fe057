import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backoffDelay, defaultRestartPolicy, Supervisor, type ChildSpec, type RestartPolicy } from "./supervisor.js";

const node = (name: string, script: string): ChildSpec => ({
  name,
  command: process.execPath,
  args: ["-e", script],
  env: {},
  cwd: process.cwd(),
});
const quiet = (_child: ChildProcess) => undefined;
const fast: RestartPolicy = {
  ...defaultRestartPolicy,
  initialDelayMs: 10,
  maxDelayMs: 40,
  maxCrashes: 3,
  crashWindowMs: 60_000,
  stopGraceMs: 2_000,
};

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } };
}

describe("Supervisor", () => {
  it("restarts a crashing child with a doubling backoff, keeps the others running, and gives up after maxCrashes within the window", async () => {
    const { lines, log } = recordingLog();
    const supervisor = new Supervisor(
      [node("crasher", "process.exit(3)"), node("steady", "setInterval(() => {}, 1000)")],
      log,
      quiet,
      fast,
    );
    const code = await supervisor.run();
    expect(code).toBe(1);
    const crashes = lines.filter((l) => l.startsWith("crasher exited"));
    expect(crashes).toEqual([
      "crasher exited (code 3); restarting in 10 ms (crash 1 of 3 allowed within 60 s)",
      "crasher exited (code 3); restarting in 20 ms (crash 2 of 3 allowed within 60 s)",
      "crasher exited (code 3) 3 times within 60 s: giving up, stopping the platform",
    ]);
    // The steady child was never restarted: only stopped once the supervisor gave up.
    expect(lines.filter((l) => l.startsWith("steady"))).toEqual([]);
  }, 10_000);

  it("stops every child on stop() and resolves with the code given", async () => {
    const { log } = recordingLog();
    const supervisor = new Supervisor(
      [node("a", "setInterval(() => {}, 1000)"), node("b", "setInterval(() => {}, 1000)")],
      log,
      quiet,
      fast,
    );
    const done = supervisor.run();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(supervisor.pidOf("a")).toBeGreaterThan(0);
    supervisor.stop(0);
    expect(await done).toBe(0);
    expect(supervisor.pidOf("a")).toBeUndefined();
  }, 10_000);

  it("backoff doubles from the initial delay up to the maximum", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(defaultRestartPolicy, n))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000,
    ]);
  });
});
