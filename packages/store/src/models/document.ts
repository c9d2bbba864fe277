// The `models` collection: document shape and its mapping to the domain Model (SPEC §4.1).
import type { Model, ModelContent, Position } from "@ogs/domain";
import type { Decimal128, ObjectId } from "mongodb";
import { fromDecimal128, toDecimal128 } from "../decimal128.js";
import { decodeOptions, type OptionsDocument } from "../options-codec.js";

export const MODELS_COLLECTION = "models";

export interface PositionDocument {
  security_id: string;
  target: Decimal128;
  high_drift: Decimal128;
  low_drift: Decimal128;
}

export interface ModelDocument {
  _id: ObjectId;
  name: string;
  positions: PositionDocument[];
  portfolios: string[];
  last_rebalance_date: Date | null;
  /** Default trading options of the model's rebalances; absent until first set. */
  rebalance_options?: OptionsDocument;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function toPositionDocument(position: Position): PositionDocument {
  return {
    security_id: position.securityId,
    target: toDecimal128(position.target),
    high_drift: toDecimal128(position.highDrift),
    low_drift: toDecimal128(position.lowDrift),
  };
}

/** The `$set` part shared by every write of a model's content. */
export function contentFields(content: ModelContent): Pick<ModelDocument, "name" | "positions" | "portfolios"> {
  return { name: content.name, positions: content.positions.map(toPositionDocument), portfolios: content.portfolios };
}

export function toModel(document: ModelDocument): Model {
  return {
    id: document._id.toHexString(),
    name: document.name,
    positions: document.positions.map((position) => ({
      securityId: position.security_id,
      target: fromDecimal128(position.target),
      highDrift: fromDecimal128(position.high_drift),
      lowDrift: fromDecimal128(position.low_drift),
    })),
    portfolios: document.portfolios,
    lastRebalanceDate: document.last_rebalance_date,
    rebalanceOptions: decodeOptions(document.rebalance_options),
    version: document.version,
  };
}
