import express, { type Request } from "express";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { adminAccess, isLoopback } from "./access.js";

const from = (remoteAddress: string | undefined) => ({ socket: { remoteAddress } }) as unknown as Request;

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])(
    "lets %s reach the administrative surfaces without credentials",
    (address) => {
      expect(isLoopback(from(address))).toBe(true);
    },
  );

  it.each(["10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "2001:db8::1", "1127.0.0.1", undefined])(
    "refuses %s",
    (address) => {
      expect(isLoopback(from(address))).toBe(false);
    },
  );
});

describe("adminAccess", () => {
  async function serve(access: ReturnType<typeof adminAccess>) {
    const app = express();
    // Stands in for a client on another host: the socket's address as the test header says.
    app.use((req, _res, next) => {
      const remote = req.get("x-test-remote");
      if (remote) Object.defineProperty(req.socket, "remoteAddress", { value: remote, configurable: true });
      next();
    });
    app.get("/admin", access, (_req, res) => void res.json({ ok: true }));
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      get: (headers: Record<string, string> = {}) => fetch(`${base}/admin`, { headers }),
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }

  it("without credentials serves this host and refuses others with a 403 naming the variables", async () => {
    const admin = await serve(adminAccess(undefined, "Webhook administration", "Webhook administration is"));
    try {
      expect((await admin.get()).status).toBe(200);
      const refused = await admin.get({ "x-test-remote": "10.0.0.5" });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        status: 403,
        detail:
          "Webhook administration is reachable from this host only; set ADMIN_USER and ADMIN_PASSWORD to open it to other hosts.",
      });
    } finally {
      await admin.close();
    }
  });

  it("with credentials asks every client for them, this host included", async () => {
    const admin = await serve(adminAccess({ user: "ops", password: "s3cret" }, "Webhook administration", "unused"));
    const basic = (text: string) => ({ authorization: `Basic ${Buffer.from(text).toString("base64")}` });
    try {
      const missing = await admin.get();
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toBe('Basic realm="Webhook administration", charset="UTF-8"');
      expect((await admin.get(basic("ops:wrong"))).status).toBe(401);
      expect((await admin.get({ ...basic("ops:s3cret"), "x-test-remote": "10.0.0.5" })).status).toBe(200);
    } finally {
      await admin.close();
    }
  });
});
