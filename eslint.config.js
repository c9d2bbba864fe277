// Lint: typescript-eslint's type-checked rules over sources and tests, Prettier owns the layout
// (eslint-config-prettier turns off what it decides), and the layering rules live in .dependency-cruiser.cjs.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", "bench-results/**", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { project: "./tsconfig.eslint.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
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
      "infra/scripts/**/*.ts",
    ],
    rules: { "no-console": "off" },
  },
  {
    // Factories return object literals of closures (ARCHITECTURE "Plain functions and factories"): no method uses
    // `this`, so passing one around unbound is safe and the rule would only add noise.
    rules: { "@typescript-eslint/unbound-method": "off" },
  },
  {
    // Tests read JSON bodies (typed `any` by fetch) and stub async ports with plain values.
    files: ["**/*.test.ts", "**/test/**/*.ts", "packages/test-support/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
  prettier,
);
