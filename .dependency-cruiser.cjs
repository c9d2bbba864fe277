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
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-do-not-import-each-other",
      severity: "error",
      comment: "Each app is one kind of process; shared code lives in a package.",
      from: { path: "^apps/([^/]+)/src" },
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
