/**
 * Imported first by `npm start` (tools/start.ts): checks this environment against
 * every app's schema before any process is spawned, so a bad value is one line and
 * exit code 78 instead of five crashing children.
 */
import { ConfigError, EXIT_CONFIG, parseConfig, type ConfigProblem } from "@platform/config";
import { appConfigs } from "./app-configs.js";

const problems = new Map<string, ConfigProblem>();
for (const schema of Object.values(appConfigs)) {
  try {
    parseConfig(schema, process.env);
  } catch (failure) {
    if (!(failure instanceof ConfigError)) throw failure;
    for (const problem of failure.problems) problems.set(problem.variable, problem);
  }
}
if (problems.size > 0) {
  process.stderr.write(`platform: invalid configuration: ${new ConfigError([...problems.values()]).message}\n`);
  process.exit(EXIT_CONFIG);
}
