import type { ConfigOf, EnvField, EnvSchema } from "./env-field.js";

/** A variable whose value the schema refuses. */
export interface ConfigProblem {
  readonly variable: string;
  /** The value as given, quoted (or only its length, for secrets). */
  readonly shown: string;
  readonly expected: string;
}

/** Thrown by {@link parseConfig}: every bad variable, and one line that names them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(describeProblem).join("; "));
    this.name = "ConfigError";
  }
}

function describeProblem(problem: ConfigProblem): string {
  return `${problem.variable}=${problem.shown} is invalid: expected ${problem.expected}`;
}

function show(variable: EnvField<unknown>, raw: string): string {
  return variable.secret ? `<hidden, ${raw.length} characters>` : JSON.stringify(raw);
}

/**
 * Reads a schema's variables from `env`. An empty variable counts as unset (so
 * `PORT= npm start` takes the default). Throws a ConfigError naming every
 * variable that is invalid or missing; nothing is half-read.
 */
export function parseConfig<S extends EnvSchema>(schema: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [name, variable] of Object.entries(schema)) {
    const given = env[name];
    const raw = given === undefined || given.trim() === "" ? variable.defaultText : given.trim();
    if (raw === undefined) continue;
    const parsed = variable.schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push({ variable: name, shown: show(variable, raw), expected: variable.expected });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

/**
 * The boot check of an app: the configuration, or one line on stderr naming the
 * variable, its value and what is expected, and exit code 78 (EX_CONFIG) at
 * once: no stack trace, no half-started process.
 */
export function loadConfigOrExit<S extends EnvSchema>(
  app: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  try {
    return parseConfig(schema, env);
  } catch (failure) {
    if (!(failure instanceof ConfigError)) throw failure;
    process.stderr.write(`${app}: invalid configuration: ${failure.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

/** sysexits.h EX_CONFIG: the process was started with a bad configuration. */
export const EXIT_CONFIG = 78;

/**
 * The configuration as environment variables again, defaults filled in, for code
 * that still reads `env["X"]` (service definitions): what it reads is then what
 * the schema checked.
 */
export function toEnv<S extends EnvSchema>(config: ConfigOf<S>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    env[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return env;
}
