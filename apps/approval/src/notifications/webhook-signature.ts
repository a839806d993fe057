import { Webhook } from "standardwebhooks";

/** The headers a signed notification carries (Standard Webhooks, https://www.standardwebhooks.com). */
export interface SignedHeaders {
  /** The delivery id: the same on every retry, so a receiver can drop a repeat. */
  readonly "webhook-id": string;
  /** Unix seconds of this attempt; receivers refuse stale ones (replays). */
  readonly "webhook-timestamp": string;
  /** `v1,` + base64 HMAC-SHA256 with the secret over `${id}.${timestamp}.${body}`. */
  readonly "webhook-signature": string;
}

/**
 * Signs one attempt with the endpoint's `whsec_` secret through the `standardwebhooks`
 * package, so that receivers verify it with any Standard Webhooks library (or the
 * few lines of the README) and the format is not ours to get wrong.
 */
export function signNotification(secret: string, deliveryId: string, at: Date, body: string): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": deliveryId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": new Webhook(secret).sign(deliveryId, new Date(timestamp * 1000), body),
  };
}
