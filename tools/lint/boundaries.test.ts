import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The module boundaries of the README's "Layout" section are lint errors. The fixtures under
 * `lint-fixtures/` break one rule each; the repository's lint ignores them, so this test lints
 * them on purpose with the repository's own configuration.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false });

async function ruleErrors(file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

// The first lint builds the TypeScript program for the type-aware rules: seconds on a busy machine.
describe("module boundaries", { timeout: 120_000 }, () => {
  it("refuse one service's code in another", async () => {
    const errors = await ruleErrors("apps/registry/src/lint-fixtures/imports-another-service.ts");
    expect(errors).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: A project tagged with "type:app" can only depend on libs tagged with "type:lib", "type:testing"/,
      ),
    ]);
  });

  it("refuse reaching into another service by a relative path", async () => {
    const errors = await ruleErrors("apps/registry/src/lint-fixtures/imports-another-service-by-path.ts");
    expect(errors).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/,
      ),
    ]);
  });

  it("refuse an app in a shared lib", async () => {
    const errors = await ruleErrors("libs/errors-http/src/lint-fixtures/imports-an-app.ts");
    expect(errors).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: A project tagged with "type:lib" can only depend on libs tagged with "type:lib", "type:testing"/,
      ),
    ]);
  });

  it("refuse the testing libs in production code", async () => {
    const errors = await ruleErrors("apps/registry/src/lint-fixtures/imports-testing-platform.ts");
    expect(errors).toContainEqual(
      expect.stringMatching(/^no-restricted-imports: .*Testing libs are for tests and tools only/),
    );
  });

  it("allow an app to import the shared libs", async () => {
    expect(await ruleErrors("apps/registry/src/lint-fixtures/imports-shared-libs.ts")).toEqual([]);
  });
});
