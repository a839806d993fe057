import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * Where an organization's approval notifications go: a webhook or Slack URL, or an
 * email address. The signing secret must be kept as is (an HMAC needs it), so it is
 * stored, never answered after creation or rotation, and only its prefix is shown.
 */
export const NotificationEndpointEntity = defineEntity({
  name: "NotificationEndpoint",
  tableName: "notification_endpoints",
  properties: {
    id: p.string().primary(),
    organizationId: p.string().index(),
    name: p.string(),
    /** webhook, slack or email. */
    kind: p.string(),
    url: p.text(),
    email: p.string(),
    /** The lifecycle events sent (action.pending, action.escalated, action.expired). */
    events: p.json<string[]>(),
    enabled: p.boolean(),
    /** `whsec_` + base64 of 32 random bytes (empty for email). */
    secret: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export type NotificationEndpoint = InferEntity<typeof NotificationEndpointEntity>;

/**
 * One notification to one endpoint, written in the transaction of the change it tells
 * of (the outbox of notifications) and kept after delivery as the delivery log. A
 * dispatcher claims a due row by moving `nextAttemptAt` past its lease under its own
 * `claimToken`, so replicas never send a row twice at once and a dispatcher that died
 * mid-send frees its rows when the lease ends.
 */
export const NotificationDeliveryEntity = defineEntity({
  name: "NotificationDelivery",
  tableName: "notification_deliveries",
  properties: {
    id: p.string().primary(),
    organizationId: p.string(),
    endpointId: p.string(),
    /** action.pending, action.escalated, action.expired or notification.test. */
    event: p.string(),
    /** The action it tells of; 0 for a test. */
    actionId: p.bigint("number"),
    /** The event's data as queued: what the action looked like at that moment. */
    payload: p.json<Record<string, unknown>>(),
    /** pending, delivered or failed. */
    status: p.string(),
    attempts: p.integer(),
    /** When it is due (while claimed: when the claim lapses). */
    nextAttemptAt: p.datetime(),
    claimToken: p.string().nullable(),
    lastStatusCode: p.integer(),
    lastError: p.text(),
    deliveredAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ["status", "nextAttemptAt"] }, { properties: ["endpointId", "createdAt"] }],
});

export type NotificationDelivery = InferEntity<typeof NotificationDeliveryEntity>;

export const notificationEntities = [NotificationEndpointEntity, NotificationDeliveryEntity];
