import {
  CreateNotificationEndpointRequestSchema,
  ListNotificationDeliveriesRequestSchema,
  NotificationDeliverySchema,
  NotificationEndpointSchema,
  UpdateNotificationEndpointRequestSchema,
  type NotificationDelivery,
  type NotificationEndpoint,
} from "@platform/proto/notifications";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** A misspelt key (`event` for `events`) would silently change what is sent: refused, naming it. */
const strictEndpoint = { strict: ["endpoint"] };
const strictPatch = { strict: ["patch"] };

const endpointView = (endpoint: NotificationEndpoint | undefined) => jsonView(NotificationEndpointSchema, endpoint);

/** The endpoint with its signing secret: answered only by create and rotate. */
const withSecret = (res: { endpoint?: NotificationEndpoint; secret: string }) => ({
  ...endpointView(res.endpoint),
  secret: res.secret || null,
});

/** A delivery as public JSON: the action id a number (api-contract section 8), absent times null. */
export function deliveryView(delivery: NotificationDelivery | undefined): Record<string, unknown> {
  const json = jsonView(NotificationDeliverySchema, delivery);
  return {
    ...json,
    action_id: delivery?.actionId ? Number(delivery.actionId) : null,
    next_attempt_at: json["next_attempt_at"] ?? null,
    delivered_at: json["delivered_at"] ?? null,
  };
}

/** Approval notification endpoints and their delivery log; the approval service answers admins only. */
export const notificationRoutes: Route[] = [
  {
    method: "POST",
    path: "/notification-endpoints",
    access: "authenticated",
    bodyField: "endpoint",
    async handle({ body, services }) {
      const res = await services.notifications.createNotificationEndpoint(
        messageFromJson(CreateNotificationEndpointRequestSchema, { endpoint: body }, "body", strictEndpoint),
      );
      return ok(withSecret(res), 201);
    },
  },
  {
    method: "GET",
    path: "/notification-endpoints",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.notifications.listNotificationEndpoints({});
      return ok({ items: res.items.map(endpointView), next_cursor: null });
    },
  },
  {
    method: "GET",
    path: "/notification-endpoints/:id",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(endpointView((await services.notifications.getNotificationEndpoint({ id: params["id"] })).endpoint));
    },
  },
  {
    method: "PATCH",
    path: "/notification-endpoints/:id",
    access: "authenticated",
    bodyField: "patch",
    async handle({ params, body, services }) {
      const { patch } = messageFromJson(UpdateNotificationEndpointRequestSchema, { patch: body }, "body", strictPatch);
      const res = await services.notifications.updateNotificationEndpoint({ id: params["id"], patch });
      return ok(endpointView(res.endpoint));
    },
  },
  {
    method: "DELETE",
    path: "/notification-endpoints/:id",
    access: "authenticated",
    async handle({ params, services }) {
      await services.notifications.deleteNotificationEndpoint({ id: params["id"] });
      return { status: 204 };
    },
  },
  {
    method: "POST",
    path: "/notification-endpoints/:id/rotate-secret",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(withSecret(await services.notifications.rotateNotificationEndpointSecret({ id: params["id"] })));
    },
  },
  {
    method: "POST",
    path: "/notification-endpoints/:id/test",
    access: "authenticated",
    async handle({ params, services }) {
      const res = await services.notifications.sendTestNotification({ id: params["id"] });
      return ok(deliveryView(res.delivery), 201);
    },
  },
  {
    method: "GET",
    path: "/notification-endpoints/:id/deliveries",
    access: "authenticated",
    async handle({ params, query, services }) {
      const json = { ...queryToJson(ListNotificationDeliveriesRequestSchema, query), id: params["id"] };
      const res = await services.notifications.listNotificationDeliveries(
        messageFromJson(ListNotificationDeliveriesRequestSchema, json, "query"),
      );
      return ok({ items: res.items.map(deliveryView), next_cursor: res.nextCursor || null });
    },
  },
];
