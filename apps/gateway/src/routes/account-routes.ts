import {
  ApiKeySchema,
  CreateApiKeyRequestSchema,
  ListUsersRequestSchema,
  LoginRequestSchema,
  OrganizationSchema,
  RefreshRequestSchema,
  UpdateOrganizationLimitsRequestSchema,
  UpdateUserRequestSchema,
  UserSchema,
  VerifyMfaRequestSchema,
  type TokenPair,
} from "@platform/proto/auth";
import { platformError } from "@platform/errors";
import { clearedSessionCookies, sessionCookies } from "../http/cookies.js";
import { messageFromJson, queryToJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route, type RouteInput } from "./route.js";

const secureCookies = process.env["COOKIE_SECURE"] === "true";

export const tokenView = (tokens: TokenPair | undefined) => ({
  access_token: tokens?.accessToken,
  refresh_token: tokens?.refreshToken,
  token_type: tokens?.tokenType,
  expires_in: tokens?.expiresIn,
});

/** Login answers the tokens and starts a browser session: an HttpOnly session cookie and a readable csrf_token cookie. */
async function login({ body, services }: RouteInput) {
  const res = await services.auth.login(messageFromJson(LoginRequestSchema, body));
  if (!res.tokens) throw new Error("The auth service answered a login without tokens");
  return {
    status: 200,
    body: { user: jsonView(UserSchema, res.user), ...tokenView(res.tokens) },
    headers: { "set-cookie": sessionCookies(res.tokens.accessToken, res.tokens.expiresIn, secureCookies) },
  };
}

async function createKey({ body, services }: RouteInput) {
  const res = await services.auth.createApiKey(messageFromJson(CreateApiKeyRequestSchema, body));
  // The plain key is shown here, once, and never again.
  return ok({ ...jsonView(ApiKeySchema, res.apiKey), key: res.key }, 201);
}

async function revokeKey({ params, services }: RouteInput) {
  await services.auth.revokeApiKey({ id: params["id"] });
  return { status: 204 };
}

/** Sessions, MFA, users, keys and the organization (api-contract sections 5 and 7, aliases of section 8). */
export const accountRoutes: Route[] = [
  { method: "POST", path: "/auth/login", access: "public", handle: login },
  { method: "POST", path: "/auth/token", access: "public", handle: login },
  {
    method: "POST",
    path: "/auth/refresh",
    access: "public",
    async handle({ body, services }) {
      return ok(tokenView((await services.auth.refresh(messageFromJson(RefreshRequestSchema, body))).tokens));
    },
  },
  {
    method: "POST",
    path: "/auth/logout",
    access: "authenticated",
    async handle({ services }) {
      await services.auth.logout({});
      return { status: 204, headers: { "set-cookie": clearedSessionCookies() } };
    },
  },
  {
    method: "POST",
    path: "/auth/mfa/setup",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.auth.setupMfa({});
      return ok({ secret: res.secret, otpauth_url: res.otpauthUrl });
    },
  },
  {
    method: "POST",
    path: "/auth/mfa/verify",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.auth.verifyMfa(messageFromJson(VerifyMfaRequestSchema, body));
      return ok({ mfa_enabled: res.mfaEnabled });
    },
  },
  { method: "POST", path: "/keys", access: "authenticated", handle: createKey },
  { method: "POST", path: "/keys/generate", access: "authenticated", handle: createKey },
  { method: "DELETE", path: "/keys/:id", access: "authenticated", handle: revokeKey },
  { method: "DELETE", path: "/keys/:id/revoke", access: "authenticated", handle: revokeKey },
  {
    method: "GET",
    path: "/keys/list",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.auth.listApiKeys({});
      return ok({ items: res.items.map((k) => jsonView(ApiKeySchema, k)), next_cursor: null });
    },
  },
  {
    method: "GET",
    path: "/users",
    access: "authenticated",
    async handle({ query, services }) {
      const res = await services.auth.listUsers(
        messageFromJson(ListUsersRequestSchema, queryToJson(ListUsersRequestSchema, query), "query"),
      );
      return ok({ items: res.items.map((u) => jsonView(UserSchema, u)), next_cursor: res.nextCursor || null });
    },
  },
  {
    method: "GET",
    path: "/users/:id",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(jsonView(UserSchema, (await services.auth.getUser({ id: params["id"] })).user));
    },
  },
  {
    method: "PATCH",
    path: "/users/:id",
    access: "authenticated",
    async handle({ params, body, services }) {
      const req = messageFromJson(UpdateUserRequestSchema, { ...(body as object), id: params["id"] });
      return ok(jsonView(UserSchema, (await services.auth.updateUser(req)).user));
    },
  },
  {
    method: "DELETE",
    path: "/users/:id",
    access: "authenticated",
    async handle({ params, services }) {
      await services.auth.deleteUser({ id: params["id"] });
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/organization",
    access: "authenticated",
    async handle({ services, principal }) {
      // Members may read their organization's limits inside the platform (the gateway does, to count
      // requests); the public route is for admins (api-contract section 7).
      if ((principal?.approvalLevel ?? 0) < 3)
        throw platformError("ADMIN_ACCESS_REQUIRED", { role: principal?.role ?? "" });
      return ok(jsonView(OrganizationSchema, (await services.auth.getOrganization({})).organization));
    },
  },
  {
    method: "PATCH",
    path: "/organization/limits",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.auth.updateOrganizationLimits(
        messageFromJson(UpdateOrganizationLimitsRequestSchema, body),
      );
      return ok(jsonView(OrganizationSchema, res.organization));
    },
  },
];
