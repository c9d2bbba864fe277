// Layering of ../shared/ARCHITECTURE.md "Dependency direction", checked on the TypeScript sources with type
// imports included (npm run lint). Paths are the resolved files: a workspace package resolves to its folder.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No cycles, type-only imports included (they vanish from dist, so a dist check would miss them).",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain imports nothing of ours and no I/O library: only decimal.js and Node's own modules.",
      from: { path: "^packages/domain/src", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^packages/domain/src", "decimal\\.js", "^node:"], dependencyTypesNot: ["core"] },
    },
    {
      name: "optimizer-only-domain",
      severity: "error",
      comment: "The optimizer is pure math over the domain: no store, queue, clients, config or observability.",
      from: { path: "^packages/optimizer/src" },
      to: { path: "^packages/(?!optimizer|domain)[^/]+/" },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      comment: "Packages are capabilities the apps use; only the test harness (next rules) looks the other way.",
      from: { path: "^packages/", pathNot: "^packages/test-support/" },
      to: { path: "^apps/" },
    },
    {
      name: "test-support-only-in-tests",
      severity: "error",
      comment: "@ogs/test-support is test code: a source file (not a *.test.ts beside it) never imports it.",
      from: { path: "^(apps|packages)/[^/]+/src/", pathNot: ["\\.test\\.ts$", "^packages/test-support/"] },
      to: { path: "^packages/test-support/" },
    },
    {
      name: "test-support-borrows-only-these-app-files",
      severity: "error",
      comment:
        "The test harness starts built apps as processes; of the apps' sources it imports only the launcher's process " +
        "and embedded-server helpers and the simulators' dataset and fault types, so tests start things as npm start does.",
      from: { path: "^packages/test-support/" },
      to: {
        path: "^apps/",
        pathNot: [
          "^apps/launcher/src/embedded/index\\.ts$",
          "^apps/simulators/src/dataset/types\\.ts$",
          "^apps/simulators/src/http/faults\\.ts$",
        ],
      },
    },
    {
      name: "tests-share-helpers-through-test-support",
      severity: "error",
      comment:
        "A test imports its own folder's helpers, workspace packages and @ogs/test-support, never another app's or " +
        "package's test folder: a helper two folders need moves into packages/test-support.",
      from: { path: "^(apps|packages)/([^/]+)/" },
      to: { path: "^(apps|packages)/[^/]+/(test|test-support)/", pathNot: "^$1/$2/" },
    },
    {
      name: "apps-do-not-import-each-other",
      severity: "error",
      comment:
        "Each app is one kind of process; shared code lives in a package. Its tests, too, reach other apps only " +
        "through @ogs/test-support (which starts them as processes).",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/([^/]+)/", pathNot: "^apps/$1/" },
    },
    {
      name: "apps-reach-redis-and-mongodb-through-packages",
      severity: "error",
      comment: "Apps use @ogs/queue and @ogs/store; BullMQ, ioredis and the MongoDB driver stay behind them.",
      from: { path: "^apps/[^/]+/src" },
      to: { path: "node_modules/(bullmq|ioredis|mongodb)/" },
    },
    {
      name: "no-deep-package-imports",
      severity: "error",
      comment: "Across packages only by workspace name (@ogs/x), through the package's index.",
      from: { path: "^(apps|packages)/([^/]+)/" },
      to: { path: "^packages/([^/]+)/", pathNot: ["^packages/$2/", "^packages/[^/]+/src/index\\.ts$"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.eslint.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "node", "default"] },
    exclude: { path: "^(apps|packages)/[^/]+/dist/" },
  },
};
