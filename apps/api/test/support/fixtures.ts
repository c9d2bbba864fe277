// Wire types and builders shared by the model API tests.
import { expect } from "vitest";
import type { ApiHandle } from "./api-process.js";

export interface PositionWire {
  security_id: string;
  target: string;
  high_drift: string;
  low_drift: string;
}

export interface ModelWire {
  model_id: string;
  name: string;
  positions: PositionWire[];
  portfolios: string[];
  last_rebalance_date: string | null;
  version: number;
}

export interface ProblemWire {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
  rule?: string;
  current_version?: number;
}

/** A 24-character security id: "SEC" + zero-padded number. */
export const securityId = (n: number) => `SEC${String(n).padStart(21, "0")}`;
/** A 24-character portfolio id: "PF" + zero-padded number. */
export const portfolioId = (n: number) => `PF${String(n).padStart(22, "0")}`;
/** A well-formed model id that no model has. */
export const UNKNOWN_MODEL_ID = "0123456789abcdef01234567";

export function position(
  n: number,
  target: string | number = "0.1",
  high: string | number = "0.02",
  low: string | number = "0.01",
) {
  return { security_id: securityId(n), target, high_drift: high, low_drift: low };
}

let counter = 0;
export function uniqueName(prefix = "Model"): string {
  counter += 1;
  return `${prefix} ${counter} ${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates a model over HTTP and returns it; fails the test unless the answer is 201. */
export async function createModel(api: ApiHandle, body: Record<string, unknown> = {}): Promise<ModelWire> {
  const response = await api.request<ModelWire>("POST", "/api/v1/models", {
    body: { name: uniqueName(), positions: [position(1)], portfolios: [], ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Asserts a 4xx problem document with a detail sentence. */
export function expectProblem(
  response: { status: number; headers: Headers; body: unknown },
  status: number,
): ProblemWire {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const problem = response.body as ProblemWire;
  expect(problem.status).toBe(status);
  expect(problem.detail).toMatch(/^[A-Z].*\.$/s);
  return problem;
}
