// The property tests' one check that an answer is the oracle's optimum: it meets every constraint of the
// formulation exactly (verify.ts), and its objective and tie-break equal the brute force's best.
import type { Dec } from "@ogs/domain";
import { expect } from "vitest";
import type { Formulation } from "../src/formulation.js";
import { objectiveTerms } from "../src/objective.js";
import { verifyFormulation } from "../src/verify.js";
import type { OptionsOracleAnswer } from "./oracle.js";

export function expectOracleOptimum(
  formulation: Formulation,
  quantities: readonly Dec[],
  oracle: OptionsOracleAnswer | undefined,
): void {
  expect(oracle?.feasible).toBe(true);
  verifyFormulation(formulation, quantities);
  const terms = objectiveTerms(formulation, quantities);
  expect(terms.objective.toFixed()).toBe(oracle?.objective.toFixed());
  expect(terms.secondary.toFixed()).toBe(oracle?.trade.toFixed());
}
