// The investment model as the domain sees it (SPEC §4.1): exact decimals, camelCase, no wire or storage concerns.
import type { Dec } from "../money.js";
import type { RebalanceOptions } from "../rebalance/options.js";

export interface Position {
  /** 24 alphanumeric characters. */
  securityId: string;
  /** Target weight in [0, 0.95]; 0 or a multiple of 0.005 (SPEC §4.2 rule 1). */
  target: Dec;
  /** Allowed drift above the target, in [0, 1]. */
  highDrift: Dec;
  /** Allowed drift below the target, in [0, 1]. */
  lowDrift: Dec;
}

/** What a caller may set on a model; `normalizeModel` turns it into a valid `ModelContent`. */
export interface ModelContent {
  name: string;
  positions: Position[];
  /** Portfolio ids subscribed to the model. */
  portfolios: string[];
}

/** A stored model. */
export interface Model extends ModelContent {
  /** Default trading options of its rebalances (a sub-resource: a model's PUT never changes them). @defaultValue {} */
  rebalanceOptions: RebalanceOptions;
  /** 24 hex characters (a MongoDB ObjectId). */
  id: string;
  /** Null until the first rebalance completes. */
  lastRebalanceDate: Date | null;
  /** Starts at 1, +1 on every change (SPEC §4.2 rule 7). */
  version: number;
}
