/** The SDK that register.ts started in this process, if any. */
let active: { shutdown(): Promise<void> } | undefined;

export function setActiveSdk(sdk: { shutdown(): Promise<void> }): void {
  active = sdk;
}

/** Flushes and stops what register.ts started; does nothing when it was not loaded. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = active;
  active = undefined;
  await sdk?.shutdown();
}
