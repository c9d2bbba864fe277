// Who may use the administrative surfaces — Bull Board (SPEC §7) and the webhook subscriptions and
// redeliveries (SPEC §6). With ADMIN_USER/ADMIN_PASSWORD set: basic auth. Without them: loopback clients
// only (a 403 problem for anyone else), so an unconfigured deployment never exposes queue controls, webhook
// signing secrets or subscriptions to the network.
import type { Request, RequestHandler } from "express";
import { createHash, timingSafeEqual } from "node:crypto";
import { problem, sendProblem } from "../http/problem.js";

export interface AdminCredentials {
  user: string;
  password: string;
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
/** Constant-time comparison of equal-length digests, so neither length nor content leaks through timing. */
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Basic auth against ADMIN_USER/ADMIN_PASSWORD under `realm`. */
export function basicAuth({ user, password }: AdminCredentials, realm: string): RequestHandler {
  return (req, res, next) => {
    const [scheme, encoded] = (req.get("authorization") ?? "").split(" ");
    const decoded = scheme?.toLowerCase() === "basic" && encoded ? Buffer.from(encoded, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    const ok = colon >= 0 && same(decoded.slice(0, colon), user) && same(decoded.slice(colon + 1), password);
    if (ok) return next();
    res.setHeader("WWW-Authenticate", `Basic realm="${realm}", charset="UTF-8"`);
    sendProblem(
      req,
      res,
      problem(401, "unauthorized", `${realm} requires the administrator's user name and password (basic auth).`),
    );
  };
}

export function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? "";
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/** Lets loopback clients through; anyone else gets a 403 whose detail is `refusal`. */
export function loopbackOnly(refusal: string): RequestHandler {
  return (req, res, next) => {
    if (isLoopback(req)) return next();
    sendProblem(req, res, problem(403, "forbidden", refusal));
  };
}

/** Basic auth when credentials are configured, otherwise this host only; `what` names the surface in the 403. */
export function adminAccess(credentials: AdminCredentials | undefined, realm: string, what: string): RequestHandler {
  return credentials
    ? basicAuth(credentials, realm)
    : loopbackOnly(
        `${what} reachable from this host only; set ADMIN_USER and ADMIN_PASSWORD to open it to other hosts.`,
      );
}
