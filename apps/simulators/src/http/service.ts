// What one simulated service declares: its routes and how it words an error (each real service has
// its own error body shape: Go/gin, FastAPI or Spring).
import type { IncomingMessage } from "node:http";
import type { Reply } from "./reply.js";

export const SERVICE_NAMES = ["accounting", "security", "pricing", "portfolio", "order"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RouteRequest {
  /** Decoded path parameters captured by the route pattern. */
  params: string[];
  path: string;
  query: URLSearchParams;
  req: IncomingMessage;
}

export interface Route {
  method: "GET" | "POST";
  /** Anchored pattern over the URL path; capture groups become `params`. */
  pattern: RegExp;
  /** The contract's path template (`/api/v1/price/{ticker}`): the `path` label of the standard HTTP metrics. */
  path: string;
  handle(request: RouteRequest): Reply | Promise<Reply>;
}

export interface SimulatedService {
  name: ServiceName;
  routes: Route[];
  /** The body this service sends with an error status (404, 405, injected 5xx, ...). */
  errorReply(status: number, path: string, message?: string): Reply;
}
