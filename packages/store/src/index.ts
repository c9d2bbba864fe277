// Public surface of @ogs/store: MongoDB repositories, domain types in and out.
export { connectStore, type Store, type StoreOptions, type Repositories } from "./connect.js";
export { toDecimal128, fromDecimal128, fromNullableDecimal128 } from "./decimal128.js";
export { guardDriver, isDuplicateKeyError, isUnavailableError } from "./driver-errors.js";
export * from "./models/index.js";
export * from "./webhook-endpoints/index.js";
export * from "./webhook-deliveries/index.js";
export * from "./rebalance/index.js";
