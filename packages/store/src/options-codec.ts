// Trading options (README "Trading constraints") as MongoDB keeps them: a model's defaults and the options in
// force of a rebalance. The domain's JSON form with decimals as Decimal128; security ids are map keys (24
// alphanumeric characters, so never a `.` or a `$`).
import type { Decimal128 } from "mongodb";
import {
  readRebalanceOptions,
  writeRebalanceOptions,
  type RebalanceOptions,
  type RebalanceOptionsJson,
} from "@ogs/domain";
import { fromDecimal128, toDecimal128 } from "./decimal128.js";

export type OptionsDocument = RebalanceOptionsJson<Decimal128>;

export function encodeOptions(options: RebalanceOptions): OptionsDocument {
  return writeRebalanceOptions(options, toDecimal128);
}

export function decodeOptions(doc: OptionsDocument | null | undefined): RebalanceOptions {
  return doc ? readRebalanceOptions(doc, fromDecimal128) : {};
}
