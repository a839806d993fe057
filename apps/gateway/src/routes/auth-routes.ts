import { LoginRequestSchema, OrganizationSchema, SignupRequestSchema, UserSchema, type TokenPair } from "@platform/proto/auth";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

const tokenView = (tokens: TokenPair | undefined) => ({
  access_token: tokens?.accessToken,
  refresh_token: tokens?.refreshToken,
  token_type: tokens?.tokenType,
  expires_in: tokens?.expiresIn,
});

/** Sign-up, login and the caller's own identity (api-contract section 7). */
export const authRoutes: Route[] = [
  {
    method: "POST", path: "/auth/signup", access: "public",
    async handle({ body, services }) {
      const res = await services.auth.signup(messageFromJson(SignupRequestSchema, body));
      return ok({
        organization: jsonView(OrganizationSchema, res.organization!),
        user: jsonView(UserSchema, res.user!),
        ...tokenView(res.tokens),
      }, 201);
    },
  },
  {
    method: "POST", path: "/auth/login", access: "public",
    async handle({ body, services }) {
      const res = await services.auth.login(messageFromJson(LoginRequestSchema, body));
      return ok({ user: jsonView(UserSchema, res.user!), ...tokenView(res.tokens) });
    },
  },
  {
    method: "GET", path: "/auth/me", access: "authenticated",
    async handle({ services }) {
      const res = await services.auth.getMe({});
      return ok({ ...jsonView(UserSchema, res.user!), organization: jsonView(OrganizationSchema, res.organization!) });
    },
  },
];
