// Data the original GlobeCo Order Generation Service left in its database, in the exact shape its Beanie
// models write (kasbench/globeco-order-generation-service src/models/model.py, src/models/rebalance.py): field
// order as declared, `_id` ObjectIds, every Decimal as Decimal128 with the digits Python's decimal context
// produced (28 significant digits, exponents such as `0E+2` kept), nulls kept (Beanie's keep_nulls), dates as
// BSON dates (milliseconds), and the indexes init_beanie creates under pymongo's default names. The figures
// follow its rebalance_service.py `_create_rebalance_record`: actual = u'·p / MV, actual_drift =
// actual/target − 1 (0 for a target of 0), cash after = cash before (the original's simplification), and a
// trade_date with the time of day — for the worker tests' dataset (DATASET portfolios 1 and 2).
import { Decimal128, ObjectId, type Db, type IndexDescription } from "mongodb";
import { port, sec } from "../../support/rebalance-fleet.js";

export const ORIGINAL_DATABASE = "prod";
export const ORIGINAL_MODEL_ID = "682c4a1c9f1e2d3c4b5a6978";
export const ORIGINAL_REBALANCE_ID = "683db56d9f1e2d3c4b5a6979";

const d = (digits: string) => Decimal128.fromString(digits);
const TRADED_AT = new Date("2025-06-02T14:30:05.396Z");

/** The original model's positions (security, target, high, low), as the portal sent them (floats → str). */
export const ORIGINAL_POSITIONS = [
  [sec(1), "0.2", "0.05", "0.05"],
  [sec(2), "0.2", "0.05", "0.05"],
  [sec(3), "0.2", "0.05", "0.05"],
  [sec(4), "0.15", "0.05", "0.05"],
] as const;

export const originalModel = () => ({
  _id: new ObjectId(ORIGINAL_MODEL_ID),
  name: "Original Growth",
  positions: ORIGINAL_POSITIONS.map(([security_id, target, high, low]) => ({
    security_id,
    target: d(target),
    high_drift: d(high),
    low_drift: d(low),
  })),
  portfolios: [port(1), port(2)],
  last_rebalance_date: new Date("2025-06-02T14:30:05.391Z"),
  version: 3,
  created_at: new Date("2025-05-20T09:23:40.512Z"),
  updated_at: new Date("2025-06-02T14:30:05.392Z"),
});

/** One PositionEmbedded: [security, price, u, u', u·p, u'·p, target, high, low, actual, actual_drift, trade]. */
type PositionRow = [string, string, string, string, string, string, string, string, string, string, string, number];

/** Positions in the order the original's `set` iteration stored them; trade > 0 BUY, < 0 SELL, 0 none. */
export const ORIGINAL_PORTFOLIOS: Array<{ id: string; mv: string; cash: string; rows: PositionRow[] }> = [
  {
    id: port(1),
    mv: "102300.0",
    cash: "100000.00",
    rows: [
      // prettier-ignore
      [sec(3), "101.25", "0", "202", "0.00", "20452.50", "0.2", "0.05", "0.05", "0.1999266862170087976539589443", "-0.0003665689149560117302052785", 202],
      // prettier-ignore
      [sec(1), "10.5", "100", "1949", "1050.0", "20464.5", "0.2", "0.05", "0.05", "0.2000439882697947214076246334", "0.000219941348973607038123167", 1849],
      // prettier-ignore
      [sec(4), "3.333", "0", "4604", "0.000", "15345.132", "0.15", "0.05", "0.05", "0.1500012903225806451612903226", "0.000008602150537634408602151", 4604],
      // prettier-ignore
      [sec(2), "25", "50", "818", "1250", "20450", "0.2", "0.05", "0.05", "0.1999022482893450635386119257", "-0.0004887585532746823069403715", 768],
    ],
  },
  {
    id: port(2),
    mv: "101690.00",
    cash: "80000.00",
    rows: [
      // prettier-ignore
      [sec(7), "48", "30", "0", "1440", "0", "0", "0", "0", "0E+2", "0", -30],
      // prettier-ignore
      [sec(2), "25", "0", "814", "0", "20350", "0.2", "0.05", "0.05", "0.2001180057036090077687088209", "0.000590028518045038843544104", 814],
      // prettier-ignore
      [sec(4), "3.333", "0", "4577", "0.000", "15255.141", "0.15", "0.05", "0.05", "0.1500161372799685318123709313", "0.000107581866456878749139542", 4577],
      // prettier-ignore
      [sec(3), "101.25", "200", "201", "20250.00", "20351.25", "0.2", "0.05", "0.05", "0.2001302979644016127446159898", "0.000651489822008063723079949", 1],
      // prettier-ignore
      [sec(1), "10.5", "0", "1937", "0.0", "20338.5", "0.2", "0.05", "0.05", "0.2000049169043170419903628675", "0.000024584521585209951814338", 1937],
    ],
  },
];

/** The wire names of a PositionRow's decimals, in row order (the original's names, SPEC §5.5). */
export const POSITION_DECIMALS = [
  "price",
  "original_quantity",
  "adjusted_quantity",
  "original_position_market_value",
  "adjusted_position_market_value",
  "target",
  "high_drift",
  "low_drift",
  "actual",
  "actual_drift",
] as const;

function embeddedPosition(row: PositionRow) {
  const [security_id, ...rest] = row;
  const trade = row[11];
  const decimals = Object.fromEntries(POSITION_DECIMALS.map((name, i) => [name, d(rest[i] as string)]));
  return {
    security_id,
    ...decimals,
    transaction_type: trade > 0 ? "BUY" : trade < 0 ? "SELL" : null,
    trade_quantity: trade === 0 ? null : Math.abs(trade),
    trade_date: trade === 0 ? null : TRADED_AT,
  };
}

export const originalRebalance = () => ({
  _id: new ObjectId(ORIGINAL_REBALANCE_ID),
  model_id: new ObjectId(ORIGINAL_MODEL_ID),
  rebalance_date: new Date("2025-06-02T14:30:05.398Z"),
  model_name: "Original Growth",
  number_of_portfolios: 2,
  portfolios: ORIGINAL_PORTFOLIOS.map((p) => ({
    portfolio_id: p.id,
    market_value: d(p.mv),
    cash_before_rebalance: d(p.cash),
    cash_after_rebalance: d(p.cash),
    positions: p.rows.map(embeddedPosition),
  })),
  version: 1,
  created_at: new Date("2025-06-02T14:30:05.398Z"),
});

/** init_beanie's indexes (Settings.indexes of ModelDocument and RebalanceDocument), pymongo's default names. */
export const ORIGINAL_INDEXES: Record<"models" | "rebalances", IndexDescription[]> = {
  models: [
    { key: { name: 1 }, name: "name_1", unique: true },
    { key: { portfolios: 1 }, name: "portfolios_1" },
    { key: { last_rebalance_date: 1 }, name: "last_rebalance_date_1" },
    { key: { "positions.security_id": 1 }, name: "positions.security_id_1" },
    { key: { version: 1 }, name: "version_1" },
    { key: { created_at: -1 }, name: "created_at_-1" },
  ],
  rebalances: [
    { key: { model_id: 1 }, name: "model_id_1" },
    { key: { rebalance_date: -1 }, name: "rebalance_date_-1" },
    { key: { model_name: 1 }, name: "model_name_1" },
    { key: { "portfolios.portfolio_id": 1 }, name: "portfolios.portfolio_id_1" },
    { key: { model_id: 1, rebalance_date: -1 }, name: "model_id_1_rebalance_date_-1" },
    { key: { created_at: -1 }, name: "created_at_-1" },
    { key: { version: 1 }, name: "version_1" },
  ],
};

/** Writes the original's indexes and documents, as the original service left them. */
export async function seedOriginalData(db: Db): Promise<void> {
  await db.collection("models").createIndexes(ORIGINAL_INDEXES.models);
  await db.collection("rebalances").createIndexes(ORIGINAL_INDEXES.rebalances);
  await db.collection("models").insertOne(originalModel());
  await db.collection("rebalances").insertOne(originalRebalance());
}
