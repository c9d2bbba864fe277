// Requests Node's HTTP parser refuses before Express sees them — headers (the request line included)
// beyond `maxHeaderSize`, a header timeout, bytes that are not HTTP — answered as RFC 9457 problems (SPEC §3:
// bad input is a 4xx, never a dropped connection). Node's default answer is right (431 for oversized
// headers) but it destroys the socket at once: a client still sending its body then gets a connection reset
// instead of the answer. So the answer is followed by a lingering close, reading off what the client still
// sends for a moment before the socket is closed.
import http, { type Server } from "node:http";
import type { Duplex } from "node:stream";
import { problem, type Problem } from "./problem.js";

/** How long a refused client may go on sending before its socket is destroyed. */
const LINGER_MS = 2_000;

/** Node's parser error codes with an answer of their own; anything else is a 400. */
const ANSWERS: Record<string, (maxHeaderSize: number) => Problem> = {
  HPE_HEADER_OVERFLOW: (maxHeaderSize) =>
    problem(
      431,
      "request-header-fields-too-large",
      `The request line and headers are larger than the ${maxHeaderSize} bytes this server reads; send a shorter path or fewer headers.`,
    ),
  ERR_HTTP_REQUEST_TIMEOUT: () => problem(408, "request-timeout", "The request did not arrive in time."),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: () =>
    problem(413, "payload-too-large", "The request's chunk extensions are too large."),
};

function answerFor(code: string | undefined, maxHeaderSize: number): Problem {
  const answer = code === undefined ? undefined : ANSWERS[code];
  return answer ? answer(maxHeaderSize) : problem(400, "malformed-request", "The request is not valid HTTP/1.1.");
}

function responseOf(body: Problem): string {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${body.status} ${http.STATUS_CODES[body.status] ?? body.title}`,
    "Content-Type: application/problem+json",
    `Content-Length: ${Buffer.byteLength(json)}`,
    "Connection: close",
    "",
    json,
  ].join("\r\n");
}

/** Answers the parser's refusals on `server` with a problem and a lingering close. */
export function answerClientErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  // `maxHeaderSize` is a server option Node's typings leave off the Server itself.
  const maxHeaderSize = (server as { maxHeaderSize?: number }).maxHeaderSize ?? http.maxHeaderSize;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser reports again as the rest of a refused request arrives: it has its answer already.
    if (answered.has(socket)) return;
    const wroteAlready = "bytesWritten" in socket && socket.bytesWritten !== 0;
    if (error.code === "ECONNRESET" || !socket.writable || wroteAlready) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    socket.end(responseOf(answerFor(error.code, maxHeaderSize)));
    socket.on("data", () => {});
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
