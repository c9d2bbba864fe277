// A slot's state in its group document: absent (queued), "r" (a job runs it), or its final status's code
// followed by the token of the stored result it commits to. Short strings: a group holds 100 of them and
// every worker job reads its group.
import { randomBytes } from "node:crypto";
import type { FinalPortfolioStatus } from "@ogs/domain";

export const RUNNING = "r";

const CODES: Record<FinalPortfolioStatus, string> = { completed: "c", infeasible: "i", failed: "f", cancelled: "x" };
const STATUS_OF = new Map(Object.entries(CODES).map(([status, code]) => [code, status as FinalPortfolioStatus]));

export type SlotState =
  { kind: "queued" } | { kind: "running" } | { kind: "final"; status: FinalPortfolioStatus; token: string };

/** A new result token: unique per stored attempt, so a losing duplicate never overwrites the winner's facts. */
export function newResultToken(): string {
  return randomBytes(6).toString("base64url");
}

export function finalSlot(status: FinalPortfolioStatus, token: string): string {
  return `${CODES[status]}${token}`;
}

export function readSlot(value: string | undefined): SlotState {
  if (value === undefined) return { kind: "queued" };
  if (value === RUNNING) return { kind: "running" };
  const status = STATUS_OF.get(value.charAt(0));
  if (!status) throw new Error(`unknown portfolio slot state ${JSON.stringify(value)}`);
  return { kind: "final", status, token: value.slice(1) };
}
