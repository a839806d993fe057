import { ConnectError } from "@connectrpc/connect";
import { decodePlatformError, type DecodedError } from "@platform/errors";

/**
 * Awaits something that must fail with a catalogue error and returns that error
 * decoded (key, params, retry); fails the test when it resolves or throws anything else.
 */
export async function catchPlatformError(
  work: Promise<unknown> | (() => unknown),
): Promise<DecodedError & { error: ConnectError }> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (failure) {
    const error = ConnectError.from(failure);
    const decoded = decodePlatformError(error);
    if (!decoded)
      throw new Error(`expected a catalogue error, got ${error.code}: ${error.rawMessage}`, { cause: failure });
    return { ...decoded, error };
  }
  throw new Error("expected a catalogue error, but it succeeded");
}
