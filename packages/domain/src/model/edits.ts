// The position and portfolio sub-resource edits of SPEC §4.3 as pure functions over a stored model.
// Each returns new content; the caller runs `normalizeModel` on it (every write path enforces §4.2).
import { ConflictError } from "../errors/conflict-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { RuleViolationError } from "../errors/rule-violation-error.js";
import { formatDecimal } from "../money.js";
import type { Model, ModelContent, Position } from "./types.js";

function contentOf(model: Model, changes: Partial<ModelContent>): ModelContent {
  return { name: model.name, positions: model.positions, portfolios: model.portfolios, ...changes };
}

function indexOfSecurity(model: Model, securityId: string): number {
  return model.positions.findIndex((position) => position.securityId === securityId);
}

/** POST position: the security must not already be in the model (rule 3). */
export function addPosition(model: Model, position: Position): ModelContent {
  if (indexOfSecurity(model, position.securityId) >= 0) {
    throw new RuleViolationError(
      "unique-security",
      `Security ${position.securityId} is already in model ${model.id}; use PUT to change it.`,
      [{ field: "security_id", message: `Security ${position.securityId} is already in the model.` }],
    );
  }
  return contentOf(model, { positions: [...model.positions, position] });
}

/** PUT position: the security must be in the model; its target and drifts are replaced. */
export function replacePosition(model: Model, position: Position): ModelContent {
  const index = indexOfSecurity(model, position.securityId);
  if (index < 0)
    throw new NotFoundError(
      "position",
      position.securityId,
      `Security ${position.securityId} is not in model ${model.id}.`,
    );
  return contentOf(model, { positions: model.positions.map((existing, i) => (i === index ? position : existing)) });
}

/** DELETE position: removed only if target and both drifts equal the stored values (SPEC §4.3). */
export function removePosition(model: Model, position: Position): ModelContent {
  const index = indexOfSecurity(model, position.securityId);
  if (index < 0)
    throw new NotFoundError(
      "position",
      position.securityId,
      `Security ${position.securityId} is not in model ${model.id}.`,
    );
  const stored = model.positions[index]!;
  const differences = (["target", "highDrift", "lowDrift"] as const).filter(
    (key) => !stored[key].equals(position[key]),
  );
  if (differences.length > 0) {
    const described = differences
      .map((key) => `${wireName(key)} is ${formatDecimal(stored[key])}, not ${formatDecimal(position[key])}`)
      .join("; ");
    throw new ConflictError(
      `The stored position of security ${position.securityId} differs from the one to delete: ${described}.`,
    );
  }
  return contentOf(model, { positions: model.positions.filter((_, i) => i !== index) });
}

/** POST portfolio: appended; ids already present are ignored (rule 6). */
export function addPortfolios(model: Model, portfolios: readonly string[]): ModelContent {
  return contentOf(model, { portfolios: [...model.portfolios, ...portfolios] });
}

/** DELETE portfolio: removed; ids that are not present are ignored. */
export function removePortfolios(model: Model, portfolios: readonly string[]): ModelContent {
  const removed = new Set(portfolios);
  return contentOf(model, { portfolios: model.portfolios.filter((id) => !removed.has(id)) });
}

function wireName(key: "target" | "highDrift" | "lowDrift"): string {
  return key === "target" ? "target" : key === "highDrift" ? "high_drift" : "low_drift";
}

/**
 * True when two contents are the same model: name, positions in order (decimals by value) and portfolios
 * in order. A write whose result is the same content is no change, so it keeps the version (SPEC §4.1).
 */
export function sameContent(a: ModelContent, b: ModelContent): boolean {
  return (
    a.name === b.name &&
    a.portfolios.length === b.portfolios.length &&
    a.portfolios.every((id, i) => id === b.portfolios[i]) &&
    a.positions.length === b.positions.length &&
    a.positions.every((p, i) => {
      const q = b.positions[i]!;
      return (
        p.securityId === q.securityId &&
        p.target.eq(q.target) &&
        p.highDrift.eq(q.highDrift) &&
        p.lowDrift.eq(q.lowDrift)
      );
    })
  );
}
