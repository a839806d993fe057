/**
 * `npm run build`: compiles what `npm start` runs into plain JavaScript under dist/.
 *
 * One esbuild pass bundles the five apps, the supervisor and the telemetry register
 * hook. Workspace libraries (@platform/*) are bundled; npm packages stay external and
 * load from node_modules as usual (so OpenTelemetry's instrumentations still see
 * them). Code splitting puts the modules shared by several entries in common chunks:
 * the register hook and an app then share one copy of a module (the telemetry SDK
 * handle that the app flushes on stop), exactly as they did under tsx.
 *
 * A build whose inputs did not change since the last one is skipped (a content
 * hash of every source file, the lockfile and this script), so `npm start`, which
 * builds first, costs a few milliseconds once built.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(root, "dist");
const stampFile = join(outdir, ".build-hash");
const apps = ["auth", "registry", "governance", "approval", "gateway"];

/** Every file whose content can change the output. */
function inputFiles(): string[] {
  const files: string[] = [
    join(root, "package-lock.json"),
    join(root, "tsconfig.base.json"),
    fileURLToPath(import.meta.url),
    join(root, "tools/start.ts"),
  ];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "dist") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") || name === "package.json") files.push(path);
    }
  };
  for (const top of ["apps", "libs", "tools"]) walk(join(root, top));
  return files.sort();
}

function inputHash(): string {
  const hash = createHash("sha256");
  for (const file of inputFiles())
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

type Manifest = { name?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/**
 * npm packages the code imports, declared by the root or by any workspace project:
 * left to Node's resolution from node_modules. Workspace projects themselves are bundled.
 */
function externalPackages(): string[] {
  const manifests = [
    join(root, "package.json"),
    ...["apps", "libs"].flatMap((dir) =>
      readdirSync(join(root, dir))
        .map((project) => join(root, dir, project, "package.json"))
        .filter((file) => existsSync(file)),
    ),
  ];
  const read = manifests.map((file) => JSON.parse(readFileSync(file, "utf8")) as Manifest);
  const workspace = new Set(read.map((m) => m.name));
  const names = new Set(
    read.flatMap((m) => [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.devDependencies ?? {})]),
  );
  return [...names].filter((name) => !workspace.has(name)).flatMap((name) => [name, `${name}/*`]);
}

export async function buildPlatform(options: { force?: boolean } = {}): Promise<"built" | "up to date"> {
  const hash = inputHash();
  if (!options.force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) return "up to date";
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      ...Object.fromEntries(apps.map((app) => [`apps/${app}`, `apps/${app}/src/main.ts`])),
      "telemetry-register": "libs/telemetry/src/register.ts",
      start: "tools/start.ts",
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    sourcemap: true,
    external: externalPackages(),
    logLevel: "warning",
  });
  writeFileSync(stampFile, hash);
  return "built";
}

/**
 * The web console (apps/console, React + Vite) through its Nx `build` target, which Nx
 * caches: unchanged sources cost one cache lookup. The gateway serves apps/console/dist.
 */
export function buildConsole(): void {
  execFileSync(
    process.execPath,
    [join(root, "node_modules/nx/dist/bin/nx.js"), "run", "console:build", "--outputStyle=static"],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_TUI: "false" },
    },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const result = await buildPlatform({ force: process.argv.includes("--force") });
  console.log(`build: ${result} (${Date.now() - started} ms) -> ${relative(process.cwd(), outdir) || "."}`);
  buildConsole();
}
