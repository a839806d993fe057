import { ApiKeySchema, CreateApiKeyRequestSchema, CreateUserRequestSchema, UserSchema } from "@platform/proto/auth";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** API keys and users, managed by admins (api-contract section 7). */
export const keyAndUserRoutes: Route[] = [
  {
    method: "POST", path: "/keys", access: "authenticated",
    async handle({ body, services }) {
      const res = await services.auth.createApiKey(messageFromJson(CreateApiKeyRequestSchema, body));
      // The plain key is shown here, once, and never again.
      return ok({ ...jsonView(ApiKeySchema, res.apiKey!), key: res.key }, 201);
    },
  },
  {
    method: "GET", path: "/keys/list", access: "authenticated",
    async handle({ services }) {
      const res = await services.auth.listApiKeys({});
      return ok({ items: res.items.map((k) => jsonView(ApiKeySchema, k)), next_cursor: null });
    },
  },
  {
    method: "DELETE", path: "/keys/:id", access: "authenticated",
    async handle({ params, services }) {
      await services.auth.revokeApiKey({ id: params["id"] });
      return { status: 204 };
    },
  },
  {
    method: "POST", path: "/users", access: "authenticated",
    async handle({ body, services }) {
      const res = await services.auth.createUser(messageFromJson(CreateUserRequestSchema, body));
      return ok(jsonView(UserSchema, res.user!), 201);
    },
  },
];
