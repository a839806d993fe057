import { SERVICE_PORTS, type ServiceName } from "@platform/config";

/**
 * The address of a service as a caller finds it: `<NAME>_URL` (e.g. `APPROVAL_URL`) when set,
 * else the service's default port on this machine (`SERVICE_PORTS`, the one place those are written).
 */
export function serviceUrl(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${SERVICE_PORTS[name]}`;
}
