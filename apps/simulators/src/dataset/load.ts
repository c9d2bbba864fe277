// Reads and checks a dataset file (SIMULATOR_DATA). Decimals are normalised to exact strings; a
// non-positive price is allowed on purpose, so tests can make the Pricing service serve bad data.
import { readFile } from "node:fs/promises";
import { formatDecimal, parseDecimal } from "@ogs/domain";
import { z } from "zod";
import type { Dataset } from "./types.js";

// SPEC §3: ids are 24-character strings (ObjectId hex for the ones we mint).
const id = z.string().regex(/^[A-Za-z0-9]{24}$/, "expected 24 letters or digits");
const ticker = z.string().regex(/^[A-Za-z0-9.-]{1,50}$/, "expected 1-50 letters, digits, '.' or '-'");
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const decimal = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseDecimal(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: `expected a decimal number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  // Keep a plain decimal string as written ("63027.60"); canonicalise anything else ("+5", ".5", "1e3",
  // numbers), because number-mode Accounting serves the text as a raw JSON number literal.
  return typeof value === "string" && PLAIN_DECIMAL.test(value) ? value : formatDecimal(parsed);
});

const datasetSchema = z.strictObject({
  securities: z.array(z.strictObject({ security_id: id, ticker, price: decimal })),
  portfolios: z.array(
    z.strictObject({
      portfolio_id: id,
      name: z.string().min(1),
      cash: decimal.optional(),
      holdings: z.array(z.strictObject({ security_id: id, quantity: decimal })).optional(),
    }),
  ),
});

/** Validates a dataset object; throws an Error listing every problem. */
export function normaliseDataset(input: unknown): Dataset {
  const result = datasetSchema.safeParse(input);
  if (!result.success) {
    throw new Error(
      `Invalid simulator dataset:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  const dataset: Dataset = result.data;
  const problems = [
    ...duplicates(
      dataset.securities.map((s) => s.security_id),
      "security_id",
    ),
    ...duplicates(
      dataset.securities.map((s) => s.ticker),
      "ticker",
    ),
    ...duplicates(
      dataset.portfolios.map((p) => p.portfolio_id),
      "portfolio_id",
    ),
  ];
  const known = new Set(dataset.securities.map((s) => s.security_id));
  for (const portfolio of dataset.portfolios) {
    for (const holding of portfolio.holdings ?? []) {
      if (!known.has(holding.security_id))
        problems.push(`portfolio ${portfolio.portfolio_id} holds unknown security ${holding.security_id}`);
    }
    problems.push(
      ...duplicates(
        (portfolio.holdings ?? []).map((h) => h.security_id),
        `security_id in portfolio ${portfolio.portfolio_id}`,
      ),
    );
  }
  if (problems.length > 0) throw new Error(`Invalid simulator dataset:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return dataset;
}

export async function loadDatasetFile(path: string): Promise<Dataset> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read simulator dataset ${path}: ${(error as Error).message}`, { cause: error });
  }
  return normaliseDataset(parsed);
}

function duplicates(values: string[], label: string): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const value of values) {
    if (seen.has(value)) problems.push(`duplicate ${label} ${value}`);
    seen.add(value);
  }
  return problems;
}
