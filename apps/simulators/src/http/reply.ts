// Minimal JSON-over-node:http plumbing; the simulators avoid a framework to stay fast (≥ 2,000 req/s).
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a route answers: a status and either a value to serialise or pre-serialised JSON text. */
export interface Reply {
  status: number;
  body?: unknown;
  /** Pre-serialised JSON (used where exact decimal literals matter, or for cached bodies). */
  json?: string;
  headers?: Record<string, string>;
}

export function send(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204 || (reply.body === undefined && reply.json === undefined)) {
    res.writeHead(reply.status, reply.headers);
    res.end();
    return;
  }
  const text = reply.json ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and parses a JSON request body of at most `limit` bytes. */
export async function readJson(req: IncomingMessage, limit = 1_048_576): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `Request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new BodyError(400, "Request body is empty; expected JSON.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, "Request body is not valid JSON.");
  }
}
