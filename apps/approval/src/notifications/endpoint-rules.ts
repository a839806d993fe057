import { randomBytes } from "node:crypto";
import { invalidRequest, platformError, type FieldProblem } from "@platform/errors";
import { NOTIFICATION_EVENTS } from "./notification-events.js";

/** Each pending action is sent to every endpoint of its organization: this bounds the fan-out. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;

export type EndpointKind = "webhook" | "slack" | "email";

/** What an endpoint is sent to, as given by the admin (one of url / email, by kind). */
export interface EndpointTarget {
  readonly kind: EndpointKind;
  readonly url: string;
  readonly email: string;
}

/**
 * Why a URL cannot be posted to, or undefined. protovalidate has checked it is a
 * URI; only http and https are sent to, and credentials in a URL would be logged
 * and shown back to every admin (a receiver authenticates us by the signature).
 */
function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "value is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "URL scheme must be http or https";
  if (url.username || url.password) return "URL must not contain credentials";
  if (!url.hostname) return "URL must name a host";
  return undefined;
}

/**
 * Checks that the target fits the kind: a webhook or Slack endpoint needs a URL (and
 * no address), an email one an address (and no URL), and email needs SMTP configured.
 */
export function assertValidTarget(target: EndpointTarget, emailConfigured: boolean, prefix = "endpoint"): void {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `${prefix}.${field}`;
  if (target.kind === "email") {
    if (!target.email) problems.push({ field: at("email"), rule: "required", expected_type: "string" });
    if (target.url)
      problems.push({ field: at("url"), rule: "kind.url", text: "email endpoints take an address, not a URL" });
  } else {
    if (!target.url) problems.push({ field: at("url"), rule: "required", expected_type: "string" });
    else {
      const problem = urlProblem(target.url);
      if (problem) problems.push({ field: at("url"), rule: "string.uri", text: problem });
    }
    if (target.email)
      problems.push({
        field: at("email"),
        rule: "kind.email",
        text: `${target.kind} endpoints take a URL, not an address`,
      });
  }
  if (problems.length > 0) throw invalidRequest(problems);
  if (target.kind === "email" && !emailConfigured) throw platformError("EMAIL_NOTIFICATIONS_NOT_CONFIGURED");
}

/** The events filter as stored: every event when none is given. */
export function eventsOrAll(events: readonly string[]): string[] {
  return events.length > 0 ? [...events] : [...NOTIFICATION_EVENTS];
}

/** A name when none is given: the URL's host or the address. */
export function defaultName(target: EndpointTarget): string {
  if (target.kind === "email") return target.email;
  try {
    return new URL(target.url).host;
  } catch {
    return target.kind;
  }
}

/**
 * A signing secret in the Standard Webhooks form: `whsec_` and the base64 of 32
 * random bytes (receivers' libraries take it as is). Email endpoints sign nothing.
 */
export function newSigningSecret(kind: EndpointKind): string {
  return kind === "email" ? "" : `whsec_${randomBytes(32).toString("base64")}`;
}

/** What identifies a secret to a person without revealing it. */
export const secretPrefix = (secret: string) => (secret ? `${secret.slice(0, 10)}…` : "");
