import type { RunningService, ServiceDefinition } from "./run-service.js";
import { runService } from "./run-service.js";
import { loadServiceTokenSecret } from "./service-token-secret.js";
import { configureServiceTokenSecret } from "./service-token.js";

/** What a service's checked configuration holds at least (see @platform/config serviceFields). */
export interface BootConfig {
  readonly DATA_DIR: string;
  readonly SERVICE_TOKEN_SECRET?: string | undefined;
}

/**
 * A service process after its configuration passed the boot check: the shared
 * token secret is set, then the service runs on exactly the values that were
 * checked (defaults filled in).
 */
export async function bootService(
  definition: ServiceDefinition,
  config: BootConfig,
  env: Record<string, string>,
): Promise<RunningService> {
  configureServiceTokenSecret(
    loadServiceTokenSecret({ secret: config.SERVICE_TOKEN_SECRET, dataDir: config.DATA_DIR }),
  );
  return runService(definition, { ...process.env, ...env });
}
