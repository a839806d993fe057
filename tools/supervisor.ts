/**
 * Keeps a set of child processes running: a child that dies is started again after a
 * backoff (fast the first time, doubling after each crash in a row), and one that
 * crashes too often in a short time makes the supervisor give up (a crash loop is a
 * bug or a broken environment; restarting it forever hides that). The other children
 * keep running meanwhile. Pure process plumbing: what to run comes from the caller.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface RestartPolicy {
  /** Delay before the first restart after a crash. */
  readonly initialDelayMs: number;
  /** Upper bound of the doubling delay. */
  readonly maxDelayMs: number;
  /** A child that ran this long without crashing starts over at initialDelayMs. */
  readonly stableAfterMs: number;
  /** Give up once a child crashed this many times within `crashWindowMs`. */
  readonly maxCrashes: number;
  readonly crashWindowMs: number;
  /** How long a stop waits for children to exit on SIGTERM before SIGKILL. */
  readonly stopGraceMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  stableAfterMs: 30_000,
  maxCrashes: 5,
  crashWindowMs: 60_000,
  stopGraceMs: 12_000,
};

export interface SupervisorLog {
  info(message: string): void;
  error(message: string): void;
}

interface ChildState {
  readonly spec: ChildSpec;
  process?: ChildProcess;
  startedAt: number;
  crashes: number[];
  nextDelayMs: number;
  restartTimer?: NodeJS.Timeout;
}

/** The delay before restart number `consecutive` (0 = first restart). */
export function backoffDelay(policy: RestartPolicy, consecutive: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** consecutive);
}

export class Supervisor {
  private readonly children = new Map<string, ChildState>();
  private stopping = false;
  private exitCode = 0;
  private readonly done: Promise<number>;
  private resolveDone!: (code: number) => void;

  constructor(
    specs: readonly ChildSpec[],
    private readonly log: SupervisorLog,
    private readonly output: (child: ChildProcess, name: string) => void,
    private readonly policy: RestartPolicy = defaultRestartPolicy,
  ) {
    for (const spec of specs)
      this.children.set(spec.name, { spec, startedAt: 0, crashes: [], nextDelayMs: policy.initialDelayMs });
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Starts every child; resolves with the exit code once the supervisor has stopped. */
  run(): Promise<number> {
    for (const state of this.children.values()) this.launch(state);
    return this.done;
  }

  /** The pid of a running child (tests, tooling). */
  pidOf(name: string): number | undefined {
    return this.children.get(name)?.process?.pid;
  }

  private launch(state: ChildState): void {
    const { spec } = state;
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    state.process = child;
    state.startedAt = Date.now();
    this.output(child, spec.name);
    child.once("exit", (code, signal) => this.onExit(state, child, code, signal));
    child.once("error", (error) => this.log.error(`${spec.name}: could not start (${error.message})`));
  }

  private onExit(state: ChildState, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (state.process !== child) return;
    state.process = undefined;
    if (this.stopping) {
      this.finishIfAllStopped();
      return;
    }
    const now = Date.now();
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (now - state.startedAt >= this.policy.stableAfterMs) state.nextDelayMs = this.policy.initialDelayMs;
    state.crashes = [...state.crashes.filter((at) => now - at < this.policy.crashWindowMs), now];
    if (state.crashes.length >= this.policy.maxCrashes) {
      this.log.error(
        `${state.spec.name} exited (${how}) ${state.crashes.length} times within ${this.policy.crashWindowMs / 1000} s: giving up, stopping the platform`,
      );
      this.stop(1);
      return;
    }
    const delay = state.nextDelayMs;
    state.nextDelayMs = Math.min(this.policy.maxDelayMs, delay * 2);
    this.log.error(
      `${state.spec.name} exited (${how}); restarting in ${delay} ms (crash ${state.crashes.length} of ${this.policy.maxCrashes} allowed within ${this.policy.crashWindowMs / 1000} s)`,
    );
    state.restartTimer = setTimeout(() => {
      state.restartTimer = undefined;
      if (this.stopping) return;
      this.log.info(`${state.spec.name} restarting`);
      this.launch(state);
    }, delay);
  }

  /** Stops every child (SIGTERM, then SIGKILL past the grace period); the run resolves with `code`. */
  stop(code = 0): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = code;
    for (const state of this.children.values()) {
      if (state.restartTimer) clearTimeout(state.restartTimer);
      state.process?.kill("SIGTERM");
    }
    setTimeout(() => {
      for (const state of this.children.values()) state.process?.kill("SIGKILL");
    }, this.policy.stopGraceMs).unref();
    this.finishIfAllStopped();
  }

  private finishIfAllStopped(): void {
    if ([...this.children.values()].every((state) => !state.process)) this.resolveDone(this.exitCode);
  }
}
