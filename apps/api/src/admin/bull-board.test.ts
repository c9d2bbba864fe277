import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { isLoopback } from "./bull-board.js";

const from = (remoteAddress: string | undefined) => ({ socket: { remoteAddress } }) as unknown as Request;

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])(
    "lets %s reach the read-only Bull Board",
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
