import { MongoClient } from "mongodb";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { createTestContext } from "@ogs/test-support";

const ctx = createTestContext("embedded");

describe("embedded servers", () => {
  it("serves a MongoDB-compatible database", async () => {
    const client = await MongoClient.connect(ctx.mongoUrl);
    try {
      const result = await client.db(ctx.database).command({ ping: 1 });
      expect(result.ok).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("serves redis with the noeviction policy BullMQ requires", async () => {
    const { port, hostname } = new URL(ctx.redisUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ port: Number(port), host: hostname }, () =>
        socket.write("CONFIG GET maxmemory-policy\r\n"),
      );
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk.toString();
        if (data.includes("noeviction")) {
          socket.end();
          resolve(data);
        }
      });
      socket.on("error", reject);
      setTimeout(() => reject(new Error(`no answer: ${data}`)), 5_000);
    });
    expect(reply).toContain("noeviction");
  });
});
