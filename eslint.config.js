// Lint: typescript-eslint recommended rules over the sources; type-checking is done by `tsc -b`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", "bench-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Entry points and scripts talk to a terminal on purpose.
    files: [
      "apps/*/src/main.ts",
      "apps/launcher/src/**/*.ts",
      "apps/simulators/src/main.ts",
      "packages/optimizer/src/cli.ts",
      "bench/**/*.ts",
      "scripts/**/*.ts",
    ],
    rules: { "no-console": "off" },
  },
);
