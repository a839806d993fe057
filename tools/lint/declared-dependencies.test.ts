import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every workspace package a project imports is declared in its package.json, so the Nx project
 * graph, npm and a reader all see the same dependencies. (Tests' imports count too: the
 * `devDependencies` are there for them.)
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const projectDirs = ["apps", "libs"].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => join(root, dir, name)),
);

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const packages = new Map(
  projectDirs.map((dir) => [dir, JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson]),
);
const workspaceNames = new Set([...packages.values()].map((p) => p.name));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith(".ts") &&
        !e.parentPath.includes("lint-fixtures") &&
        !e.parentPath.includes("node_modules"),
    )
    .map((e) => join(e.parentPath, e.name));
}

/** The workspace packages a file imports, by package name (`@platform/telemetry/testing` → `@platform/telemetry`). */
function importedPackages(file: string): string[] {
  const specifiers = [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"./][^"]*)"/g)].map(
    (m) => m[1]!,
  );
  return specifiers
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!))
    .filter((name) => workspaceNames.has(name));
}

describe("declared dependencies", () => {
  for (const [dir, pkg] of packages) {
    it(`${relative(root, dir)} declares every workspace package it imports`, () => {
      const declared = new Set([
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.devDependencies ?? {}),
        pkg.name,
      ]);
      const undeclared = new Set<string>();
      for (const file of sourceFiles(join(dir, "src"))) {
        for (const name of importedPackages(file))
          if (!declared.has(name)) undeclared.add(`${name} (${relative(root, file)})`);
      }
      expect([...undeclared]).toEqual([]);
    });
  }
});
