import { platformError } from "@platform/errors";
import type { Principal } from "@platform/proto/principal";
import type { Credential } from "../auth-caches.js";

/** The longest credentials the auth service reads (its request limits); longer ones are no credential of ours. */
export const MAX_API_KEY_LENGTH = 256;
export const MAX_ACCESS_TOKEN_LENGTH = 4096;

/**
 * A credential too long to be one of ours is refused here as what it is, 401
 * INVALID_API_KEY / INVALID_TOKEN, instead of reaching the auth service and coming
 * back as a field error about its request message.
 */
export function assertCredentialSize(credential: Credential): void {
  if (credential.case === "apiKey" && credential.value.length > MAX_API_KEY_LENGTH) {
    throw platformError("INVALID_API_KEY", { key_prefix: `${credential.value.slice(0, 12)}...` });
  }
  if (credential.case === "accessToken" && credential.value.length > MAX_ACCESS_TOKEN_LENGTH)
    throw platformError("INVALID_TOKEN");
}

/** `resolve` behind the size check. */
export function sizeChecked(
  resolve: (credential: Credential) => Promise<Principal>,
): (credential: Credential) => Promise<Principal> {
  return async (credential) => {
    assertCredentialSize(credential);
    return resolve(credential);
  };
}
