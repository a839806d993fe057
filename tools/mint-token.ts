/**
 * `npm run mint-token -- --service registry --organization org_... [--role admin] [--user usr_...] [--ttl 300]`
 *
 * Prints a signed caller token for one service, for operators who call a service
 * directly (`buf curl ... -H "Authorization: Bearer <token>"`). It is signed with
 * SERVICE_TOKEN_SECRET, or the embedded platform's generated secret in
 * DATA_DIR/service-token.secret, exactly as the gateway signs its calls; services
 * refuse it after --ttl seconds (at most 900).
 */
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import { PrincipalSchema } from "@platform/proto/principal";
import {
  MAX_SERVICE_TOKEN_LIFETIME_SECONDS,
  configureServiceTokenSecret,
  loadServiceTokenSecret,
  signServiceToken,
} from "@platform/rpc";

const roles = { user: 1, manager: 2, admin: 3, senior_admin: 4, security_officer: 5 } as const;
const services = ["auth", "registry", "governance", "approval"];

function fail(message: string): never {
  process.stderr.write(`mint-token: ${message}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        service: { type: "string" },
        organization: { type: "string" },
        role: { type: "string", default: "admin" },
        user: { type: "string", default: "usr_operator" },
        email: { type: "string", default: "" },
        ttl: { type: "string", default: "300" },
      },
      strict: true,
    });
  } catch (failure) {
    return fail((failure as Error).message);
  }
}

const { values } = parse();
if (!values.service || !services.includes(values.service)) fail(`--service must be one of ${services.join(", ")}`);
if (!values.organization) fail("--organization is required (the organization the call acts in, e.g. org_...)");
const level = Object.hasOwn(roles, values.role) ? roles[values.role as keyof typeof roles] : undefined;
if (level === undefined) fail(`--role must be one of ${Object.keys(roles).join(", ")}`);
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SERVICE_TOKEN_LIFETIME_SECONDS)
  fail(`--ttl must be an integer from 1 to ${MAX_SERVICE_TOKEN_LIFETIME_SECONDS} (seconds)`);

configureServiceTokenSecret(
  loadServiceTokenSecret({
    secret: process.env["SERVICE_TOKEN_SECRET"] || undefined,
    dataDir: process.env["DATA_DIR"] || "./data",
  }),
);
const principal = create(PrincipalSchema, {
  organizationId: values.organization,
  userId: values.user,
  role: values.role,
  approvalLevel: level,
  authMethod: "service_token",
  email: values.email,
});
process.stdout.write(`${await signServiceToken(principal, values.service, ttl)}\n`);
