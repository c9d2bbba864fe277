// Writing rebalance documents as they are read (SPEC §5.5: GET /rebalance/{id} holds every portfolio): the
// store yields one portfolio at a time in submission order and each is written at once, waiting for the
// socket to drain, so a 10,000-portfolio rebalance never sits in the API's memory. The synchronous model
// answer (one RebalanceDTO per portfolio) is written the same way.
import type { PortfolioReport, Rebalance } from "@ogs/domain";
import type { Response } from "express";
import { portfolioJson, statusToWire } from "./wire.js";

export interface DocumentSource {
  rebalance: Rebalance;
  /** Null for a summary (no `portfolios` key at all). */
  portfolios: AsyncIterable<PortfolioReport> | null;
}

async function* documentParts({ rebalance, portfolios }: DocumentSource): AsyncGenerator<string> {
  const head = JSON.stringify(statusToWire(rebalance));
  if (!portfolios) {
    yield head;
    return;
  }
  yield `${head.slice(0, -1)},"portfolios":[`;
  let first = true;
  for await (const report of portfolios) {
    yield `${first ? "" : ","}${portfolioJson(report)}`;
    first = false;
  }
  yield "]}";
}

async function* listParts(sources: AsyncIterable<DocumentSource>): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const source of sources) {
    if (!first) yield ",";
    first = false;
    yield* documentParts(source);
  }
  yield "]";
}

/** A JSON array of small values, each serialised as it arrives (the synchronous model answer, SPEC §5.5). */
async function* arrayParts(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const item of items) {
    yield `${first ? "" : ","}${JSON.stringify(item)}`;
    first = false;
  }
  yield "]";
}

async function write(res: Response, parts: AsyncIterable<string>): Promise<void> {
  res.type("application/json");
  for await (const part of parts) {
    if (res.destroyed) return;
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  res.end();
}

/**
 * Streams one document. Everything that can fail with a problem (404, bad input) must be checked before:
 * once the first byte is out, a failing read can only cut the response short (the client sees broken JSON
 * and the error is logged).
 */
export function streamDocument(res: Response, source: DocumentSource): Promise<void> {
  return write(res, documentParts(source));
}

export function streamDocuments(res: Response, sources: AsyncIterable<DocumentSource>): Promise<void> {
  return write(res, listParts(sources));
}

/** Streams a JSON array of values (each a few KB at most) in the order `items` yields them. */
export function streamArray(res: Response, items: AsyncIterable<unknown>): Promise<void> {
  return write(res, arrayParts(items));
}
