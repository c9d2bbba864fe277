// The model rules of SPEC §4.2 as pure functions. Every write path runs `normalizeModel`, which
// enforces rules 1, 2, 3 and 5 (422 RuleViolationError naming rule, security and value) and applies
// rules 4 and 6. Rule 7 (version) is enforced atomically by the store.
import { RuleViolationError } from "../errors/rule-violation-error.js";
import type { FieldError } from "../errors/validation-error.js";
import { Dec, formatDecimal } from "../money.js";
import { MODEL_LIMITS } from "./limits.js";
import type { ModelContent, Position } from "./types.js";

/** Rule 1: a target is 0 or a multiple of 0.005 (0.015 passes, 0.0151 does not). */
export function isValidTargetStep(target: Dec): boolean {
  return target.isZero() || target.mod(MODEL_LIMITS.targetStep).isZero();
}

/** Rule 1 over a list: one error per position whose target is off the 0.005 grid. */
export function findTargetsOffStep(positions: readonly Position[]): FieldError[] {
  return positions.flatMap((position, index) =>
    isValidTargetStep(position.target)
      ? []
      : [
          {
            field: `positions.${index}.target`,
            message: `Security ${position.securityId} has target ${formatDecimal(position.target)}, which is not 0 or a multiple of 0.005.`,
          },
        ],
  );
}

/** Rule 3: one error per repeated occurrence of a security (duplicates are an error, not a merge). */
export function findDuplicateSecurities(positions: readonly Position[]): FieldError[] {
  const firstIndex = new Map<string, number>();
  const errors: FieldError[] = [];
  positions.forEach((position, index) => {
    const first = firstIndex.get(position.securityId);
    if (first === undefined) firstIndex.set(position.securityId, index);
    else
      errors.push({
        field: `positions.${index}.security_id`,
        message: `Security ${position.securityId} appears more than once (also at positions.${first}).`,
      });
  });
  return errors;
}

/** Rule 4: positions whose target is 0 are removed when the model is saved. */
export function removeZeroTargets(positions: readonly Position[]): Position[] {
  return positions.filter((position) => !position.target.isZero());
}

/** Sum of all targets, exact. */
export function sumTargets(positions: readonly Position[]): Dec {
  return positions.reduce((sum, position) => sum.plus(position.target), new Dec(0));
}

/** Rule 6: portfolio ids are unique within a model; duplicates silently collapse, first occurrence kept. */
export function uniquePortfolios(portfolios: readonly string[]): string[] {
  return [...new Set(portfolios)];
}

/**
 * Validates a model against SPEC §4.2 and returns its saved form (zero targets removed, portfolio ids
 * unique). Throws RuleViolationError for the first broken rule, with every offending field of that rule.
 */
export function normalizeModel(content: ModelContent): ModelContent {
  const duplicates = findDuplicateSecurities(content.positions);
  if (duplicates.length > 0) {
    throw new RuleViolationError(
      "unique-security",
      `A security may appear at most once in a model: ${duplicates[0]!.message}`,
      duplicates,
    );
  }
  const offStep = findTargetsOffStep(content.positions);
  if (offStep.length > 0) {
    throw new RuleViolationError(
      "target-multiple-of-0.005",
      `Every target must be 0 or a multiple of 0.005: ${offStep[0]!.message}`,
      offStep,
    );
  }
  const positions = removeZeroTargets(content.positions);
  if (positions.length > MODEL_LIMITS.maxPositions) {
    throw new RuleViolationError(
      "max-100-positions",
      `A model may hold at most ${MODEL_LIMITS.maxPositions} positions with a target above 0; this one has ${positions.length}.`,
      [
        {
          field: "positions",
          message: `${positions.length} positions with a target above 0; at most ${MODEL_LIMITS.maxPositions} are allowed.`,
        },
      ],
    );
  }
  const sum = sumTargets(positions);
  if (sum.greaterThan(MODEL_LIMITS.targetSumMax)) {
    throw new RuleViolationError(
      "target-sum-max-0.95",
      `The targets add up to ${formatDecimal(sum)}, which is more than ${formatDecimal(MODEL_LIMITS.targetSumMax)}: every model keeps at least 5% cash.`,
      [
        {
          field: "positions",
          message: `Sum of targets ${formatDecimal(sum)} exceeds ${formatDecimal(MODEL_LIMITS.targetSumMax)}.`,
        },
      ],
    );
  }
  return { name: content.name, positions, portfolios: uniquePortfolios(content.portfolios) };
}
