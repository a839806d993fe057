import { describe, expect, it } from "vitest";
import { configTable } from "./config-table.js";
import { httpUrl, integer, listOf, oneOf, port, postgresUrl, redisUrl, secret } from "./env-field.js";
import { ConfigError, parseConfig, toEnv } from "./load-config.js";

const schema = {
  PORT: port({ description: "port", default: "8080" }),
  LOG_LEVEL: oneOf(["info", "debug"], { description: "level", default: "info" }),
  TIMEOUT_MS: integer({ min: 1, max: 1000 }, { description: "timeout", default: "10" }),
  UPSTREAM_URL: httpUrl({ description: "upstream" }),
  DATABASE_URL: postgresUrl({ description: "db" }),
  REDIS_URL: redisUrl({ description: "redis" }),
  EXPORTERS: listOf(["otlp", "none"], { description: "exporters" }),
  KEY: secret(8, { description: "key", defaultNote: "generated" }),
};

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    parseConfig(schema, env);
  } catch (failure) {
    if (failure instanceof ConfigError) return failure.message;
    throw failure;
  }
  throw new Error("expected a ConfigError");
};

describe("parseConfig", () => {
  it("fills defaults, parses values and leaves optional ones unset", () => {
    expect(parseConfig(schema, {})).toEqual({ PORT: 8080, LOG_LEVEL: "info", TIMEOUT_MS: 10 });
    const config = parseConfig(schema, {
      PORT: "0",
      TIMEOUT_MS: "1000",
      UPSTREAM_URL: "https://x.test:8443",
      DATABASE_URL: "postgresql://u@db:5432/p",
      REDIS_URL: "redis://r:6379",
      EXPORTERS: "otlp, none",
      KEY: "12345678",
    });
    expect(config).toEqual({
      PORT: 0,
      LOG_LEVEL: "info",
      TIMEOUT_MS: 1000,
      UPSTREAM_URL: "https://x.test:8443",
      DATABASE_URL: "postgresql://u@db:5432/p",
      REDIS_URL: "redis://r:6379",
      EXPORTERS: ["otlp", "none"],
      KEY: "12345678",
    });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig(schema, { PORT: "", LOG_LEVEL: "  " })).toMatchObject({ PORT: 8080, LOG_LEVEL: "info" });
  });

  it("names the variable, the value and what is expected, on one line", () => {
    expect(problemsOf({ PORT: "abc" })).toBe('PORT="abc" is invalid: expected an integer port from 0 to 65535');
    expect(problemsOf({ PORT: "70000" })).toBe('PORT="70000" is invalid: expected an integer port from 0 to 65535');
    expect(problemsOf({ LOG_LEVEL: "verbose" })).toBe('LOG_LEVEL="verbose" is invalid: expected one of info, debug');
    expect(problemsOf({ TIMEOUT_MS: "ten" })).toBe('TIMEOUT_MS="ten" is invalid: expected an integer from 1 to 1000');
    expect(problemsOf({ TIMEOUT_MS: "1.5" })).toContain("TIMEOUT_MS");
    expect(problemsOf({ UPSTREAM_URL: "ftp://x" })).toBe(
      'UPSTREAM_URL="ftp://x" is invalid: expected an http:// or https:// URL',
    );
    expect(problemsOf({ DATABASE_URL: "mysql://x/y" })).toContain("DATABASE_URL=");
    expect(problemsOf({ REDIS_URL: "localhost:6379" })).toContain("REDIS_URL=");
    expect(problemsOf({ EXPORTERS: "otlp,jaeger" })).toContain("EXPORTERS=");
    expect(problemsOf({ PORT: "x", LOG_LEVEL: "y" }).split("; ")).toHaveLength(2);
    expect(problemsOf({ PORT: "x", LOG_LEVEL: "y" })).not.toContain("\n");
  });

  it("never echoes a secret", () => {
    expect(problemsOf({ KEY: "hunter2" })).toBe(
      "KEY=<hidden, 7 characters> is invalid: expected at least 8 characters",
    );
  });

  it("gives the checked values back as variables for code that reads env", () => {
    expect(toEnv(parseConfig(schema, { EXPORTERS: "otlp,none" }))).toEqual({
      PORT: "8080",
      LOG_LEVEL: "info",
      TIMEOUT_MS: "10",
      EXPORTERS: "otlp,none",
    });
  });
});

describe("configTable", () => {
  it("lists each variable once with the apps that read it", () => {
    const table = configTable({ a: { PORT: schema.PORT, KEY: schema.KEY }, b: { PORT: schema.PORT } });
    expect(table.split("\n")).toEqual([
      "| variable | read by | default | accepts | meaning |",
      "|---|---|---|---|---|",
      "| `PORT` | all | `8080` | an integer port from 0 to 65535 | port |",
      "| `KEY` | a | generated | at least 8 characters | key |",
    ]);
  });
});
