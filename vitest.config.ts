// One vitest run, two projects: fast unit tests beside the source, and integration tests in the `test/` folder of
// the app or package they test, sharing one Redis and one MongoDB-compatible server started by the global setup of
// @ogs/test-support (the helpers that tests of several folders share).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// Workspace packages resolve to their TypeScript source, so tests never run stale builds.
const alias = Object.fromEntries(
  readdirSync(new URL("./packages", import.meta.url)).map((name) => [
    `@ogs/${name}`,
    `${root}packages/${name}/src/index.ts`,
  ]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["packages/test-support/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
    coverage: {
      provider: "v8",
      include: ["packages/domain/src/**/*.ts", "packages/optimizer/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/index.ts", "packages/optimizer/src/cli.ts"],
      // ARCHITECTURE's gate for the pure packages; `npm run test:coverage` (not `npm test`) enforces it.
      thresholds: { lines: 95 },
    },
  },
});
