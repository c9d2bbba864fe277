// The GlobeCo portal's client of this service, replayed with the real axios (kasbench/
// globeco-portfolio-management-portal, src/lib/api/orderGenerationService.ts): an instance configured as the
// portal's (baseURL, NEXT_PUBLIC_API_TIMEOUT's default, a default `Content-Type: application/json`), the
// `traceparent` its telemetry wrapper (src/lib/telemetry-axios.ts) assigns onto the request headers, and every
// call written as the portal writes it — paths, `params` objects (axios encodes them), bodies, and what each
// function returns. The portal's withSmartRetry is left out on purpose: a 5xx must fail the suite, not be
// retried away. Every exchange is recorded as it went over the wire (Node's request path and headers).
import { randomBytes } from "node:crypto";
import type { ClientRequest } from "node:http";
import axios, { AxiosError, type AxiosResponse } from "axios";

/** The portal's default for NEXT_PUBLIC_API_TIMEOUT. */
export const PORTAL_TIMEOUT_MS = 10_000;

export interface Exchange {
  method: string;
  /** Path and query exactly as sent. */
  path: string;
  /** The request headers as sent (lower-case names). */
  requestHeaders: Record<string, unknown>;
  status: number;
  headers: Headers;
  /** Parsed as axios parses it for the portal; undefined for an empty body. */
  body: unknown;
  durationMs: number;
}

export interface PortalClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Called for every answer (a 4xx/5xx too), before the portal's code sees it; throw to fail the call. */
  onExchange?: (exchange: Exchange) => void;
}

/** A W3C trace context as OpenTelemetry's propagator writes it for a sampled span. */
const newTraceparent = () => `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;

function exchangeOf(response: AxiosResponse<unknown>, startedAt: number): Exchange {
  const request = response.request as ClientRequest;
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && value !== null) headers.set(name, String(value));
  }
  return {
    method: request.method,
    path: request.path,
    requestHeaders: request.getHeaders(),
    status: response.status,
    headers,
    body: response.data === "" ? undefined : response.data,
    durationMs: Date.now() - startedAt,
  };
}

export function createPortalClient({ baseUrl, timeoutMs = PORTAL_TIMEOUT_MS, onExchange }: PortalClientOptions) {
  const exchanges: Exchange[] = [];
  const apiClient = axios.create({
    baseURL: baseUrl,
    timeout: timeoutMs,
    headers: { "Content-Type": "application/json" },
  });
  const started = new WeakMap<object, number>();

  // wrapAxiosWithTelemetry: the propagator's headers are assigned onto config.headers.
  apiClient.interceptors.request.use((config) => {
    Object.assign(config.headers, { traceparent: newTraceparent() });
    started.set(config, Date.now());
    return config;
  });
  const record = (response: AxiosResponse<unknown>) => {
    const exchange = exchangeOf(response, started.get(response.config) ?? Date.now());
    exchanges.push(exchange);
    onExchange?.(exchange);
  };
  apiClient.interceptors.response.use(
    (response) => {
      record(response);
      return response;
    },
    (error: unknown) => {
      if (error instanceof AxiosError && error.response) record(error.response);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
  );

  /** orderGenerationServiceApi, call for call. */
  const api = {
    listRebalances: async (params: { offset?: number; limit?: number; sort_by?: string }) =>
      (await apiClient.get<unknown[]>("/api/v1/rebalances", { params })).data,

    getRebalanceById: async (rebalanceId: string) =>
      (await apiClient.get<Record<string, unknown>>(`/api/v1/rebalance/${rebalanceId}`)).data,

    deleteRebalance: async (rebalanceId: string, version: number): Promise<void> => {
      await apiClient.delete(`/api/v1/rebalance/${rebalanceId}`, { params: { version } });
    },

    /** No body and no retry: the portal posts nothing and fails fast. */
    rebalanceModel: async (modelId: string) =>
      (await apiClient.post<unknown[]>(`/api/v1/model/${modelId}/rebalance`)).data,

    getModelById: async (modelId: string) => (await apiClient.get(`/api/v1/model/${modelId}`)).data,

    updateModel: async (modelId: string, model: unknown) =>
      (await apiClient.put(`/api/v1/model/${modelId}`, model)).data,

    listModels: async (params: unknown) => (await apiClient.get<unknown[]>("/api/v1/models", { params })).data,

    createModel: async (model: unknown) => (await apiClient.post("/api/v1/models", model)).data,

    deleteModel: async (modelId: string, version: number): Promise<void> => {
      await apiClient.delete(`/api/v1/model/${modelId}`, { params: { version } });
    },

    getRebalancePortfolios: async (rebalanceId: string): Promise<unknown[]> => {
      const response = await apiClient.get(`/api/v1/rebalance/${rebalanceId}`);
      return response.data.portfolios || [];
    },

    getRebalancePortfolioPositions: async (rebalanceId: string, portfolioId: string): Promise<unknown[]> => {
      const response = await apiClient.get(`/api/v1/rebalance/${rebalanceId}`);
      const portfolios: Array<{ portfolio_id: string; positions?: unknown[] }> = response.data.portfolios || [];
      const portfolio = portfolios.find((p) => p.portfolio_id === portfolioId);
      if (!portfolio) {
        throw new Error(`Portfolio ${portfolioId} not found in rebalance ${rebalanceId}`);
      }
      return portfolio.positions || [];
    },
  };

  return { api, exchanges, last: (): Exchange => exchanges[exchanges.length - 1]! };
}

export type PortalClient = ReturnType<typeof createPortalClient>;

/** The route handlers' params: `src/app/api/rebalances/route.ts` parses offset/limit to numbers. */
export const rebalancePage = (sortBy: string, offset = 0, limit = 20) => ({ offset, limit, sort_by: sortBy });

/** `src/app/api/models/route.ts` forwards the browser's query as strings (useModels sends offset, limit, sort_by). */
export const modelPage = (sortBy: string, offset = 0, limit = 10) => ({
  offset: String(offset),
  limit: String(limit),
  sort_by: sortBy,
});
