/**
 * Where the four services listen when nothing says otherwise (`npm start` on one machine).
 * The only place these defaults are written: services, the gateway and tools read them here.
 */
export const DEFAULT_SERVICE_PORTS = { auth: 50051, registry: 50052, governance: 50053, approval: 50054 } as const;

export type ServiceName = keyof typeof DEFAULT_SERVICE_PORTS;

/** The address of a service: `<NAME>_URL` (e.g. `APPROVAL_URL`) when set, else its default port on this machine. */
export function serviceUrl(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_SERVICE_PORTS[name]}`;
}
