// Error bodies in the style of each real service's framework: FastAPI (Security, Portfolio) answers
// `{"detail": "..."}`; Spring Boot (Pricing, Order) answers its default error attributes.
import type { Reply } from "../http/reply.js";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export const reasonPhrase = (status: number) => REASONS[status] ?? (status >= 500 ? "Server Error" : "Client Error");

export function fastApiError(status: number, _path: string, message?: string): Reply {
  return { status, body: { detail: message ?? reasonPhrase(status) } };
}

export function springError(status: number, path: string, message?: string): Reply {
  return {
    status,
    body: { timestamp: new Date().toISOString(), status, error: reasonPhrase(status), message: message ?? "", path },
  };
}
