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
  {
    ignores: [
      "**/node_modules/**",
      "**/lint-fixtures/**",
      "libs/proto/src/gen/**",
      "tmp/**",
      "data/**",
      "dist/**",
      "**/dist/**",
      ".nx/**",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      // MikroORM's entity manager, connection and schema types are generic over the driver; both our
      // drivers are SQL drivers, and narrowing to the SQL classes is how MikroORM documents it.
      "@typescript-eslint/no-unsafe-class-instance-assignment": "off",
      // Async methods that implement a promise-returning interface (in-process counters, health checks)
      // need not await anything.
      "@typescript-eslint/require-await": "off",
      // A new enum value or union member must be handled wherever the type is switched on.
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // Numbers and booleans read fine in messages; objects and nullish values still do not pass.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // React event handlers may be async (onSubmit={async ...}); elsewhere a promise where void is expected is an error.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // `(x) => void-call()` arrow shorthands are idiomatic in callbacks.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
    },
  },
  {
    // Tests read untyped JSON bodies, index what they just asserted to exist, and guard teardown
    // (`platform?.stop()`) against a setup that failed.
    files: testFiles,
    rules: {
      "@typescript-eslint/no-unnecessary-condition": "off",
      // Races re-throw whatever reason a lost promise carried.
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
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
  {
    // Developer scripts (deploy templating, migrations, start): their inputs are this repository's own
    // files, and a crash there is a message to the developer, not an answer to a client.
    files: ["tools/**/*.ts"],
    ignores: testFiles,
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/no-deprecated": "off",
    },
  },
  // Config files are plain JavaScript outside the TypeScript project.
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
