import eslint from "@eslint/js";
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";

/** Files that only tests run: they may use the testing libs. */
export const testFiles = ["**/*.test.ts", "**/test-support.ts"];

/**
 * Who may import whom (see README, "Layout"). Every project carries one `scope:*` and one
 * `type:*` tag in its package.json (`tools/project.json` for tools); a project must satisfy
 * every constraint whose source tag it carries.
 */
const depConstraints = [
  // An app is built from shared libs only: never another app's code.
  { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib", "type:testing"] },
  // A lib never reaches into an app (its tests may use the testing libs, as an app's tests may).
  { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib", "type:testing"] },
  // Test helpers start the real services, so they may import apps. Only test files and tools import
  // them: the no-restricted-imports block below keeps them out of production code.
  { sourceTag: "type:testing", onlyDependOnLibsWithTags: ["type:lib", "type:testing", "type:app"] },
  { sourceTag: "type:tool", onlyDependOnLibsWithTags: ["type:lib", "type:testing", "type:app"] },
  ...["auth", "registry", "governance", "approval", "gateway"].map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, "scope:shared"],
  })),
  { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["*"] },
];

/** Import paths of the testing libs and of the libs' testing entry points. */
const testingImports = ["@platform/testing", "@platform/testing-platform", "@platform/*/testing"];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/lint-fixtures/**", "libs/proto/src/gen/**", "tmp/**", "data/**", "dist/**", ".nx/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    files: ["**/*.ts"],
    plugins: { "@nx": nx },
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          depConstraints,
          // The gateway's end-to-end tests start the platform, and the platform starts the gateway.
          ignoredCircularDependencies: [["gateway", "@platform/testing-platform"]],
        },
      ],
    },
  },
  {
    // Production code of apps and shared libs never imports test helpers.
    files: ["apps/**/*.ts", "libs/**/*.ts"],
    ignores: [...testFiles, "libs/testing/**", "libs/testing-platform/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: testingImports, message: "Testing libs are for tests and tools only." }] },
      ],
    },
  },
);
