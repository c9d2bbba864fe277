// One GlobeCo service over HTTP (SPEC §5.3): undici for the request (a keep-alive pool per service; got cost
// ~2.5× the CPU per call, measured, and a portfolio job makes several), p-retry for exponential retries on
// transient failures only, a cockatiel breaker per service, a shared p-limit cap on requests in flight, and
// metrics/logs and a CLIENT span (with an outgoing `traceparent`) for every attempt.
import { BrokenCircuitError, CircuitState, type CircuitBreakerPolicy } from "cockatiel";
import { Agent, request as send } from "undici";
import pRetry from "p-retry";
import type { LimitFunction } from "p-limit";
import { BadUpstreamDataError, DependencyUnavailableError, type UnavailableKind } from "@ogs/domain";
import { traceOutgoingRequest, type Logger, type Metrics } from "@ogs/observability";
import { createBreaker } from "./breaker.js";
import { describeService, type ClientSettings, type ServiceName } from "./settings.js";
import { TransientHttpError } from "./transient-error.js";

/** Connection errors that mean nothing answers at that address (as opposed to a reset or a stall mid-call). */
const REFUSED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

export interface HttpAnswer {
  status: number;
  /** Parsed JSON body of a 2xx answer; undefined for 404. */
  body: unknown;
}

export interface RequestOptions {
  method?: "GET" | "POST";
  json?: unknown;
  /** Retry transient failures (default). Off for non-idempotent writes, which must not run twice. */
  idempotent?: boolean;
  /** The security concerned, carried by errors. */
  securityId?: string;
}

export interface ServiceHttp {
  readonly service: ServiceName;
  /** 2xx → parsed body; 404 → `{status: 404}`; other 4xx or unparsable JSON → BadUpstreamDataError; unavailable → DependencyUnavailableError. */
  request(path: string, options?: RequestOptions): Promise<HttpAnswer>;
  close(): void;
}

interface Deps {
  logger: Logger;
  metrics: Metrics;
  limit: LimitFunction;
}

export function createServiceHttp(service: ServiceName, settings: ClientSettings, deps: Deps): ServiceHttp {
  const base = settings.baseUrls[service].replace(/\/+$/, "");
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const breaker: CircuitBreakerPolicy = createBreaker(
    service,
    {
      threshold: settings.breakerThreshold,
      openMs: settings.breakerOpenMs,
      ...(settings.breakerFailureRate === undefined ? {} : { failureRate: settings.breakerFailureRate }),
      ...(settings.breakerSamplingMs === undefined ? {} : { samplingMs: settings.breakerSamplingMs }),
    },
    deps.metrics,
  );
  const { metrics } = deps;
  const apiKey = settings.apiKeys?.[service];
  /** What the last call that counted against the breaker failed with, for the "breaker open" message. */
  let lastFailure: string | undefined;

  const attempt = async (path: string, options: RequestOptions) => {
    const started = performance.now();
    const observe = (outcome: string) => {
      metrics.externalRequestDuration.observe({ service, outcome }, (performance.now() - started) / 1000);
      if (outcome !== "success" && outcome !== "not_found")
        metrics.externalRequestFailures.inc({ service, reason: outcome });
    };
    const headers: Record<string, string> = { accept: "application/json" };
    if (apiKey !== undefined) headers["x-api-key"] = apiKey;
    if (options.json !== undefined) headers["content-type"] = "application/json";
    // The whole attempt — connection, headers and body — within the timeout.
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    try {
      const method = options.method ?? "GET";
      const url = `${base}${path}`;
      const { status, text } = await traceOutgoingRequest(
        { scope: "@ogs/clients", method, url: new URL(url), attributes: { "globeco.service": service } },
        async (traceHeaders) => {
          const response = await send(url, {
            method,
            headers: { ...traceHeaders, ...headers },
            ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
            dispatcher,
            signal: deadline,
          });
          return { status: response.statusCode, text: await response.body.text() };
        },
        (answer) => ({ status: answer.status }),
      );
      observe(status >= 500 ? "http_5xx" : status === 404 ? "not_found" : status >= 400 ? "http_4xx" : "success");
      if (status >= 500) throw new TransientHttpError("http_5xx", `answered ${status}`);
      return { status, text };
    } catch (error) {
      if (error instanceof TransientHttpError) throw error;
      if (deadline.aborted) {
        observe("timeout");
        throw new TransientHttpError("timeout", `timed out after ${settings.timeoutMs} ms`, { cause: error });
      }
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string") {
        observe("connection");
        const kind = REFUSED_CODES.has(code) ? "refused" : "connection";
        throw new TransientHttpError(kind, `connection failed (${code})`, { cause: error });
      }
      throw error;
    }
  };

  const request = async (path: string, options: RequestOptions = {}): Promise<HttpAnswer> => {
    const method = options.method ?? "GET";
    // One sentence naming the service once and the cause once; the worker stores it as the fail-fast reason as is.
    const unavailable = (reason: string, cause: unknown, kind: UnavailableKind) =>
      new DependencyUnavailableError(
        service,
        `${describeService(service)} is unavailable: ${method} ${path} ${reason}.`,
        path,
        { cause, kind },
      );
    let attempts = 0;
    // The breaker wraps the whole call, retries included: it counts a call that failed after its retries,
    // so a blip that the retries ride out never opens it, and an open breaker fails a call before any attempt.
    const answer = await breaker
      .execute(() =>
        pRetry(
          async () => {
            attempts += 1;
            return deps.limit(() => attempt(path, options));
          },
          {
            retries: options.idempotent === false ? 0 : settings.retries,
            minTimeout: settings.retryBaseMs,
            factor: 2,
            randomize: false,
            shouldRetry: ({ error }) => error instanceof TransientHttpError,
            onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
              if (!(error instanceof TransientHttpError) || retriesLeft === 0) return;
              const delayMs = settings.retryBaseMs * 2 ** (attemptNumber - 1);
              deps.logger.warn(
                {
                  service,
                  method,
                  path,
                  attempt: attemptNumber,
                  retries_left: retriesLeft,
                  delay_ms: delayMs,
                  reason: error.message,
                },
                "GlobeCo call failed; retrying",
              );
            },
          },
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof BrokenCircuitError) {
          metrics.externalRequestDuration.observe({ service, outcome: "breaker_open" }, 0);
          metrics.externalRequestFailures.inc({ service, reason: "breaker_open" });
          throw unavailable(
            `failed at once because its circuit breaker is open (the last failed call: ${lastFailure ?? "unknown"})`,
            error,
            "down",
          );
        }
        if (error instanceof TransientHttpError) {
          lastFailure = `${method} ${path} ${error.message}`;
          // No connection after every retry (refused, reset, unreachable: nothing serves at the address), or a
          // breaker this failure opened (calls keep failing): down. A timeout or a 5xx after the retries may be
          // one bad moment of a service that answers other calls: degraded.
          const down = error.kind === "refused" || error.kind === "connection" || breaker.state === CircuitState.Open;
          throw unavailable(
            `${error.message} (${attempts} attempt${attempts === 1 ? "" : "s"})`,
            error,
            down ? "down" : "degraded",
          );
        }
        throw error;
      });
    return interpret(service, method, path, answer, options.securityId);
  };

  return {
    service,
    request,
    close: () => {
      void dispatcher.destroy();
    },
  };
}

function interpret(
  service: ServiceName,
  method: string,
  path: string,
  answer: { status: number; text: string },
  securityId?: string,
): HttpAnswer {
  if (answer.status === 404) return { status: 404, body: undefined };
  if (answer.status === 401 || answer.status === 403) {
    // Not this portfolio's data but the service refusing us: a configuration failure every call shares.
    const hint = service === "accounting" ? " — check ACCOUNTING_API_KEY" : "";
    throw new DependencyUnavailableError(
      service,
      `${describeService(service)} is unavailable: it refused ${method} ${path} with ${answer.status} (not authorised${hint}).`,
      path,
    );
  }
  if (answer.status >= 400) {
    throw new BadUpstreamDataError(
      service,
      `The ${service} service refused ${method} ${path} with ${answer.status}.`,
      path,
      securityId,
    );
  }
  try {
    return { status: answer.status, body: answer.text === "" ? undefined : (JSON.parse(answer.text) as unknown) };
  } catch {
    throw new BadUpstreamDataError(
      service,
      `The ${service} service answered ${method} ${path} with a body that is not JSON.`,
      path,
      securityId,
    );
  }
}
