// One declaration per route (ARCHITECTURE "Each rule has one home"): method, path, documentation, the zod
// schemas of params, query, headers, body and responses, and the handler. The Express router
// (route-router.ts), the OpenAPI document (openapi.ts) and the 405/415 table (route-table.ts) are all
// generated from these declarations, so a route cannot be served, documented and guarded differently.
import type { Request, RequestHandler, Response } from "express";
import { z } from "./zod.js";

export type Method = "get" | "post" | "put" | "delete" | "patch";

/**
 * A documented response header; `required` when every response of that status carries it. A type, not an
 * interface, so it fits OpenAPI's header object (whose `x-…` extension keys need an implicit index signature).
 */
export type HeaderSpec = {
  description: string;
  required: boolean;
  schema: { type: "string" | "integer" };
};

/** A header every response of the status carries (the OpenAPI tests check that it is sent). */
export function requiredHeader(description: string, type: "string" | "integer" = "string") {
  return { description, required: true as const, schema: { type } };
}

/** A header some responses of the status carry. */
export function optionalHeader(description: string, type: "string" | "integer" = "string") {
  return { description, required: false as const, schema: { type } };
}

export type ResponseHeaders = Record<string, HeaderSpec>;

/** One documented response of a route that its handler answers (problems are thrown; see `problems`). */
export interface ResponseSpec {
  description: string;
  /** The body's schema; absent = no body (204, or see `content`). */
  body?: z.ZodType;
  /** Media type of `body`. @defaultValue "application/json" */
  mediaType?: string;
  headers?: ResponseHeaders;
  /**
   * Documented as is instead of `body` (e.g. a stream with an `itemSchema`); the handler then writes the
   * response itself and returns RESPONSE_SENT.
   */
  content?: Record<string, { schema?: z.ZodType; itemSchema?: z.ZodType }>;
}

export type Responses = Record<number, ResponseSpec>;

/** A problem status the route may answer, optionally with its own description and headers. */
export type ProblemSpec = number | { status: number; description?: string; headers?: ResponseHeaders };

/** The query of a route that reads none but, unlike the API's resources, tolerates any (probes add cache-busters). */
export const ANY_QUERY = z.looseObject({});

/** Returned by a handler that wrote the response itself (a stream, or a client that went away). */
export const RESPONSE_SENT: unique symbol = Symbol("response sent");

/** A reply, or RESPONSE_SENT. */
type Answer<T> = T | typeof RESPONSE_SENT;

type HeaderValues<H> = { [K in keyof H as H[K] extends { required: true } ? K : never]: string } & {
  [K in keyof H as H[K] extends { required: true } ? never : K]?: string;
};
type ReplyHeaders<D> = D extends { headers: infer H extends ResponseHeaders }
  ? object extends HeaderValues<H>
    ? { headers?: HeaderValues<H> }
    : { headers: HeaderValues<H> }
  : { headers?: undefined };
type ReplyBody<D> = D extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined };

/**
 * What a handler answers: one of the route's declared statuses with that status's body and headers (a
 * required header must be given). `type` overrides the Content-Type of a non-JSON body (e.g. with parameters).
 */
export type Reply<R extends Responses> = {
  // `keyof R`, not `keyof R & number`: the intersection would lose the literal status in handlers' returns.
  [S in keyof R]: { status: S; type?: string } & ReplyBody<R[S]> & ReplyHeaders<R[S]>;
}[keyof R];

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** The handler's input: every declared part parsed by its schema; a body is `undefined` only when optional and absent. */
export interface Input<P, Q, H, B, Required extends boolean> {
  params: Parsed<P>;
  query: Parsed<Q>;
  headers: Parsed<H>;
  body: B extends z.ZodType ? (Required extends true ? z.output<B> : z.output<B> | undefined) : undefined;
}

type AnyObject = z.ZodObject;

export interface RouteSpec<
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  H extends AnyObject | undefined,
  B extends z.ZodType | undefined,
  Required extends boolean,
  R extends Responses,
> {
  method: Method;
  /** The OpenAPI path template, prefix included (`/api/v1/model/{model_id}`); Express gets `:model_id`. */
  path: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  /** Path parameters: its keys must be the template's placeholders. */
  params?: P;
  /** Query parameters; absent = none is accepted (an unknown one is a 400). */
  query?: Q;
  /** Request headers to validate and document (HTTP names, e.g. `Idempotency-Key`); others pass untouched. */
  headers?: H;
  /** A JSON request body: read (and required to be JSON, 415 otherwise) only on routes that declare one. */
  body?: { schema: B; required: Required; description?: string };
  responses: R;
  /** Problem statuses besides 500 (always documented); `problemResponses` describes the usual ones. */
  problems: readonly ProblemSpec[];
  /** Runs before the body is read: e.g. basic auth, so a refused caller's body is never parsed. */
  middleware?: readonly RequestHandler[];
  handler(
    input: Input<P, Q, H, B, Required>,
    http: { req: Request; res: Response },
  ): Answer<Reply<R>> | Promise<Answer<Reply<R>>>;
}

/** Any reply, as the router sends it. */
export interface AnyReply {
  status: number;
  type?: string;
  body?: unknown;
  headers?: Record<string, string | undefined>;
}

/** A declaration with its types erased, as the router, the document and the route table read it. */
export interface Route {
  method: Method;
  path: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  params?: AnyObject;
  query?: AnyObject;
  headers?: AnyObject;
  body?: { schema: z.ZodType; required: boolean; description?: string };
  responses: Responses;
  problems: readonly ProblemSpec[];
  middleware?: readonly RequestHandler[];
  // A method, so a typed handler (narrower input) is assignable to this erased shape.
  handler(
    input: { params: unknown; query: unknown; headers: unknown; body: unknown },
    http: { req: Request; res: Response },
  ): Answer<AnyReply> | Promise<Answer<AnyReply>>;
}

/**
 * Declares a route. The generic parameters are inferred from the declaration, so the handler's input and
 * reply are typed by its schemas; the result is the erased `Route` the registry reads.
 */
export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  H extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Required extends boolean = false,
  const R extends Responses = Responses,
>(spec: RouteSpec<P, Q, H, B, Required, R>): Route {
  return spec as unknown as Route;
}

/** `/api/v1/model/{model_id}` → `/api/v1/model/:model_id` (Express 5 path syntax). */
export function expressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ":$1");
}

/** The placeholders of a path template, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}
