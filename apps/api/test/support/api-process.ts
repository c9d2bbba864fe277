// Starts the BUILT API (apps/api/dist/main.js, built by `npm test`) as a real process on a free port
// against the test MongoDB, and gives tests an HTTP client whose every response is checked against
// the live /openapi.json. Later route tests reuse it.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findFreePort, spawnChild, type ManagedChild, createTestContext, type TestContext } from "@ogs/test-support";
import { createResponseValidator, type ResponseValidator } from "./openapi-validator.js";

const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: T;
  /** The body as sent: read it with `parseExact` to check an exact-digit number. */
  text: string;
}

export interface RequestOptions {
  /** Serialized as JSON. */
  body?: unknown;
  /** Sent as is (malformed JSON, huge bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ApiHandle {
  baseUrl: string;
  ctx: TestContext;
  child: ManagedChild;
  /** Every response is validated against /openapi.json; a mismatch fails the test. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

async function waitUntilLive(baseUrl: string, child: ManagedChild, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null)
      throw new Error(`the API exited with code ${child.process.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not start within 20 s:\n${output()}`);
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions,
): Promise<{ response: Response; body: unknown; text: string }> {
  const hasBody = options.raw !== undefined || options.body !== undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...options.headers },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { response, body: text === "" ? undefined : isJson ? JSON.parse(text) : text, text };
}

/** Starts an API process. `env` overrides or adds variables (e.g. a MONGODB_URL nobody listens on). */
export async function startApi(
  label: string,
  env: Record<string, string> = {},
  context?: TestContext,
): Promise<ApiHandle> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  const ctx = context ?? createTestContext(label);
  const port = await findFreePort();
  const child = spawnChild("api", process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      MONGODB_URL: ctx.mongoUrl,
      MONGODB_DB: ctx.database,
      REDIS_URL: ctx.redisUrl,
      QUEUE_PREFIX: ctx.queuePrefix,
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  let output = "";
  child.process.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.process.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilLive(baseUrl, child, () => output);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const validator: ResponseValidator = createResponseValidator(
    (await send(baseUrl, "GET", "/openapi.json", {})).body as Parameters<typeof createResponseValidator>[0],
  );
  return {
    baseUrl,
    ctx,
    child,
    async request(method, path, options = {}) {
      const { response, body, text } = await send(baseUrl, method, path, options);
      validator({
        method,
        path: path.split("?")[0]!,
        status: response.status,
        contentType: response.headers.get("content-type"),
        headers: response.headers,
        body,
      });
      return { status: response.status, headers: response.headers, body: body as never, text };
    },
    stop: () => child.stop(),
  };
}
