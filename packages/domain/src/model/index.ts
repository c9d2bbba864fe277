// Investment models (SPEC §4): types, limits, rules and sub-resource edits.
export type { Model, ModelContent, Position } from "./types.js";
export { MODEL_LIMITS, SECURITY_ID_PATTERN, PORTFOLIO_ID_PATTERN, MODEL_ID_PATTERN } from "./limits.js";
export {
  isValidTargetStep,
  findTargetsOffStep,
  findDuplicateSecurities,
  removeZeroTargets,
  sumTargets,
  uniquePortfolios,
  normalizeModel,
} from "./rules.js";
export { addPosition, replacePosition, removePosition, addPortfolios, removePortfolios, sameContent } from "./edits.js";
