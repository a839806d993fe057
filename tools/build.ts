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
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
    join(root, "tools/process-flags.json"),
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
  warmCompileCache();
  writeFileSync(stampFile, hash);
  return "built";
}

/**
 * Fills dist/.compile-cache (Node's module compile cache, which tools/start.ts gives auth
 * and registry) by loading every chunk and the npm packages they import in a process with
 * those apps' V8 flags (V8 refuses a code cache made under other flags). Entries run an
 * app, so only chunks are loaded. A failure here costs only the first start's speed.
 */
function warmCompileCache(): void {
  const { otherFlags: flags, compileCache } = JSON.parse(
    readFileSync(join(root, "tools", "process-flags.json"), "utf8"),
  ) as { otherFlags: string[]; compileCache: string };
  const chunks = readdirSync(outdir).filter(
    (f) => f.endsWith(".js") && !["start.js", "telemetry-register.js"].includes(f),
  );
  const loads = chunks.map(
    (f) => `await import(${JSON.stringify(pathToFileURL(join(outdir, f)).href)}).catch(() => {});`,
  );
  const warm = spawnSync(
    process.execPath,
    [...flags, "--import", join(outdir, "telemetry-register.js"), "--input-type=module", "-e", loads.join("\n")],
    {
      cwd: root,
      env: { ...process.env, NODE_COMPILE_CACHE: join(root, compileCache) },
      stdio: "ignore",
      timeout: 60_000,
    },
  );
  if (warm.status !== 0) console.warn(`build: the compile cache was not filled (exit ${warm.status ?? warm.signal})`);
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
