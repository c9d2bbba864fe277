// The GlobeCo simulators process (SPEC §9): listen ports, dataset source and size, wire format.
import { z } from "zod";
import { nonNegativeInt, port, positiveInt } from "../fields.js";

export const simulatorsEnv = z.object({
  /** Interface the simulators listen on (set 0.0.0.0 in containers). @defaultValue "127.0.0.1" */
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  /** Portfolio Accounting simulator port; 0 = any free port. @defaultValue 8087 */
  SIMULATOR_ACCOUNTING_PORT: port(8087),
  /** Security simulator port. @defaultValue 8000 */
  SIMULATOR_SECURITY_PORT: port(8000),
  /** Pricing simulator port. @defaultValue 8083 */
  SIMULATOR_PRICING_PORT: port(8083),
  /** Portfolio simulator port (the real service also uses 8000; 8001 avoids the clash on one host). @defaultValue 8001 */
  SIMULATOR_PORTFOLIO_PORT: port(8001),
  /** Order simulator port. @defaultValue 8081 */
  SIMULATOR_ORDER_PORT: port(8081),
  /** Dataset JSON file to serve; when unset a dataset is generated from the seed and sizes below. */
  SIMULATOR_DATA: z.string().min(1).optional(),
  /** Seed of the generated dataset (same seed and sizes = same data). @defaultValue 42 */
  SIMULATOR_SEED: nonNegativeInt(42),
  /** Portfolios in the generated dataset. @defaultValue 1000 */
  SIMULATOR_PORTFOLIOS: nonNegativeInt(1_000),
  /** Securities in the generated dataset. @defaultValue 500 */
  SIMULATOR_SECURITIES: positiveInt(500),
  /** Holdings per portfolio in the generated dataset (at most the number of securities). @defaultValue 20 */
  SIMULATOR_HOLDINGS: nonNegativeInt(20),
  /** How Portfolio Accounting serves amounts: "string" (as the real service does) or "number". @defaultValue "string" */
  SIMULATOR_ACCOUNTING_AMOUNTS: z.enum(["string", "number"], { error: "expected string or number" }).default("string"),
  /** When set, Portfolio Accounting answers 401 unless a request carries this `X-API-Key` (its contract's ApiKeyAuth). */
  SIMULATOR_ACCOUNTING_API_KEY: z.string().optional(),
  /** When set, the base URLs are also written to this file as JSON once every listener is up. */
  SIMULATOR_URLS_FILE: z.string().min(1).optional(),
});
