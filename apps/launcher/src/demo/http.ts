// A tiny JSON client for the demo and the fleet bench: every call has a timeout, and a non-2xx answer
// becomes an Error that quotes the problem document's detail.
export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const TIMEOUT_MS = 120_000;

export async function requestJson<T>(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method,
    headers: { ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
  });
  const text = await response.text();
  const body = (text === "" ? undefined : JSON.parse(text)) as T;
  if (!response.ok) {
    const detail = (body as { detail?: string } | undefined)?.detail ?? text;
    throw new Error(`${method} ${url} answered ${response.status}: ${detail}`);
  }
  return { status: response.status, headers: response.headers, body };
}
