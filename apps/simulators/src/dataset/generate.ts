// Generates a realistic, deterministic dataset from a seed and sizes (SPEC §9): unique ObjectId-like ids,
// unique tickers, prices from a few dollars to a few hundred, cash and whole-share holdings.
import { createRandom, randomInt, randomObjectId, type Random } from "./prng.js";
import type { Dataset } from "./types.js";

export interface GenerateOptions {
  seed: number;
  portfolios: number;
  securities: number;
  /** Holdings per portfolio; capped at the number of securities. */
  holdingsPerPortfolio: number;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ADJECTIVES = [
  "Global",
  "Balanced",
  "Growth",
  "Income",
  "Value",
  "Dividend",
  "Core",
  "Strategic",
  "Sustainable",
  "Blue Chip",
];
const NOUNS = ["Equity", "Opportunities", "Leaders", "Select", "Horizon", "Partners", "Allocation", "Frontier"];

export function generateDataset(options: GenerateOptions): Dataset {
  const random = createRandom(options.seed);
  const ids = new Set<string>();
  const uniqueId = () => {
    let id = randomObjectId(random);
    while (ids.has(id)) id = randomObjectId(random);
    ids.add(id);
    return id;
  };
  const tickers = new Set<string>();
  const securities = Array.from({ length: options.securities }, () => {
    let ticker = randomTicker(random);
    while (tickers.has(ticker)) ticker = randomTicker(random);
    tickers.add(ticker);
    return { security_id: uniqueId(), ticker, price: randomPrice(random) };
  });
  const holdings = Math.min(options.holdingsPerPortfolio, securities.length);
  const portfolios = Array.from({ length: options.portfolios }, (_, index) => ({
    portfolio_id: uniqueId(),
    name: `${ADJECTIVES[index % ADJECTIVES.length]} ${NOUNS[Math.floor(index / ADJECTIVES.length) % NOUNS.length]} Fund ${index + 1}`,
    cash: `${randomInt(random, 1_000, 500_000)}.${String(randomInt(random, 0, 99)).padStart(2, "0")}`,
    holdings: pickDistinct(random, securities.length, holdings).map((i) => ({
      security_id: securities[i]!.security_id,
      quantity: String(randomInt(random, 1, 50) * 10),
    })),
  }));
  return { securities, portfolios };
}

function randomTicker(random: Random): string {
  const length = randomInt(random, 2, 5);
  let ticker = "";
  for (let i = 0; i < length; i++) ticker += LETTERS[randomInt(random, 0, 25)];
  return ticker;
}

/** Log-uniform between $2 and $800, two decimals: many cheap stocks, a few expensive ones. */
function randomPrice(random: Random): string {
  const cents = Math.round(Math.exp(Math.log(200) + random() * (Math.log(80_000) - Math.log(200))));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** `count` distinct indexes below `size` (partial Fisher-Yates on a sparse map: O(count)). */
function pickDistinct(random: Random, size: number, count: number): number[] {
  const swapped = new Map<number, number>();
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = randomInt(random, i, size - 1);
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    picked.push(atJ);
  }
  return picked;
}
