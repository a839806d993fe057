import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { decodeCursor, pageSize, toPage } from "@platform/persistence";
import type { NotificationService } from "@platform/proto";
import {
  NotificationDeliverySchema,
  NotificationEndpointSchema,
  type NotificationDelivery as DeliveryMessage,
  type NotificationEndpoint as EndpointMessage,
} from "@platform/proto/notifications";
import { requirePrincipal } from "@platform/rpc";
import type { EndpointKind } from "./endpoint-rules.js";
import type { NotificationDelivery, NotificationEndpoint } from "./notification-entities.js";
import type { NotificationEndpoints } from "./notification-endpoints.js";
import { secretPrefix } from "./endpoint-rules.js";

export function toEndpointMessage(endpoint: NotificationEndpoint): EndpointMessage {
  return create(NotificationEndpointSchema, {
    id: endpoint.id,
    name: endpoint.name,
    kind: endpoint.kind,
    url: endpoint.url,
    email: endpoint.email,
    events: endpoint.events,
    enabled: endpoint.enabled,
    secretPrefix: secretPrefix(endpoint.secret),
    createdAt: timestampFromDate(endpoint.createdAt),
    updatedAt: timestampFromDate(endpoint.updatedAt),
  });
}

export function toDeliveryMessage(delivery: NotificationDelivery): DeliveryMessage {
  return create(NotificationDeliverySchema, {
    id: delivery.id,
    endpointId: delivery.endpointId,
    event: delivery.event,
    actionId: BigInt(delivery.actionId),
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.status === "pending" ? timestampFromDate(delivery.nextAttemptAt) : undefined,
    deliveredAt: delivery.deliveredAt ? timestampFromDate(delivery.deliveredAt) : undefined,
    createdAt: timestampFromDate(delivery.createdAt),
  });
}

/** Connect handlers of the notification endpoints: contract <-> use cases only. */
export function notificationService(endpoints: NotificationEndpoints): ServiceImpl<typeof NotificationService> {
  return {
    async createNotificationEndpoint(req, ctx) {
      const input = req.endpoint;
      const { endpoint, secret } = await endpoints.create(requirePrincipal(ctx), {
        name: input?.name ?? "",
        kind: (input?.kind ?? "webhook") as EndpointKind,
        url: input?.url ?? "",
        email: input?.email ?? "",
        events: input?.events ?? [],
        enabled: input?.enabled ?? true,
      });
      return { endpoint: toEndpointMessage(endpoint), secret };
    },
    async listNotificationEndpoints(_req, ctx) {
      return { items: (await endpoints.list(requirePrincipal(ctx))).map(toEndpointMessage) };
    },
    async getNotificationEndpoint(req, ctx) {
      return { endpoint: toEndpointMessage(await endpoints.get(requirePrincipal(ctx), req.id)) };
    },
    async updateNotificationEndpoint(req, ctx) {
      const patch = req.patch;
      const endpoint = await endpoints.update(requirePrincipal(ctx), req.id, {
        name: patch?.name,
        url: patch?.url,
        email: patch?.email,
        events: patch?.events ?? [],
        enabled: patch?.enabled,
      });
      return { endpoint: toEndpointMessage(endpoint) };
    },
    async deleteNotificationEndpoint(req, ctx) {
      await endpoints.delete(requirePrincipal(ctx), req.id);
      return {};
    },
    async rotateNotificationEndpointSecret(req, ctx) {
      const { endpoint, secret } = await endpoints.rotateSecret(requirePrincipal(ctx), req.id);
      return { endpoint: toEndpointMessage(endpoint), secret };
    },
    async sendTestNotification(req, ctx) {
      return { delivery: toDeliveryMessage(await endpoints.sendTest(requirePrincipal(ctx), req.id)) };
    },
    async listNotificationDeliveries(req, ctx) {
      const limit = pageSize(req.limit);
      const rows = await endpoints.deliveries(
        requirePrincipal(ctx),
        req.id,
        { status: req.status || undefined },
        limit + 1,
        decodeCursor(req.cursor),
      );
      return toPage(rows, limit, toDeliveryMessage);
    },
  };
}
