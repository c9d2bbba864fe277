#!/usr/bin/env node
// `npm run --silent solve -- FILE`: solves one instance or an array of instances (each with its optional
// trading options) and prints the results (README "Solver CLI").
import { readFileSync } from "node:fs";
import { ValidationError } from "@ogs/domain";
import { formatResult, parseProblem } from "./instance-format.js";
import { solveRebalance } from "./solve.js";

function fail(message: string): never {
  console.error(`solve: ${message}`);
  process.exit(1);
}

const file = process.argv[2];
if (!file || process.argv.length > 3)
  fail("usage: npm run --silent solve -- FILE (one instance or an array of instances, JSON)");
let document: unknown;
try {
  document = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}
try {
  const many = Array.isArray(document);
  const problems = many
    ? (document as unknown[]).map((item, i) => parseProblem(item, `${i}.`))
    : [parseProblem(document)];
  const results = problems.map(({ input, options }) => formatResult(solveRebalance(input, options)));
  process.stdout.write(`${JSON.stringify(many ? results : results[0], null, 2)}\n`);
} catch (error) {
  if (error instanceof ValidationError) fail(error.message);
  fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
