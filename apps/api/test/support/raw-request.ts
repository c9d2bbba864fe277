// A raw HTTP/1.1 request with node:http, for what fetch will not send: a body on any method, binary
// (compressed) bodies, any Content-Encoding, paths of any length. The answer's body is parsed when JSON.
import http from "node:http";

export interface RawRequest {
  method: string;
  /** Sent as is: percent-encoding errors and all. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  contentType: string | null;
  /** Parsed JSON, the text otherwise, undefined when empty. */
  body: unknown;
}

export function rawRequest(baseUrl: string, { method, path, headers = {}, body }: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const contentType = response.headers["content-type"] ?? null;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
          resolve({
            status: response.statusCode ?? 0,
            headers: responseHeaders,
            contentType,
            body: text === "" ? undefined : (contentType ?? "").includes("json") ? JSON.parse(text) : text,
          });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
