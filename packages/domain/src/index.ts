// Public surface of @ogs/domain: pure rules and math, no I/O.
export * from "./money.js";
export * from "./errors/index.js";
export * from "./model/index.js";
export * from "./rebalance/index.js";
