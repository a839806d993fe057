/** An agent that sent no heartbeat for this long is not alive. */
export const HEARTBEAT_TIMEOUT_MS = 5 * 60 * 1000;

/** Whether an agent counts as alive at `now`: it sent a heartbeat within the timeout. */
export function isAlive(lastHeartbeatAt: Date | null | undefined, now: Date): boolean {
  return lastHeartbeatAt != null && now.getTime() - lastHeartbeatAt.getTime() <= HEARTBEAT_TIMEOUT_MS;
}
