/** What shutdownTelemetry needs of the SDK that register.ts started. */
interface Shutdownable {
  shutdown(): Promise<void>;
}

/** The SDK that register.ts started in this process, if any. */
let active: Shutdownable | undefined;

/** Called by register.ts once the SDK has started. */
export function setActiveSdk(sdk: Shutdownable): void {
  active = sdk;
}

/**
 * Flushes the spans still buffered and stops what register.ts started; does nothing
 * when it was not loaded (tests, tools). Never rejects: an unreachable collector
 * costs the last spans, it must not turn a clean stop into a crash, so the failure
 * becomes a process warning.
 */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = active;
  active = undefined;
  try {
    await sdk?.shutdown();
  } catch (error) {
    process.emitWarning(`telemetry shutdown failed, spans may be lost: ${String(error)}`);
  }
}
