// Entry of a solver worker thread: one HiGHS runtime per thread, one solve at a time (see pool.ts).
import { parentPort, workerData } from "node:worker_threads";
import { solveRebalance, solveRebalanceQuantities } from "./solve.js";
import { answerRequest, type ThreadRequest } from "./thread-wire.js";

const { timeLimitMs } = workerData as { timeLimitMs: number };
const port = parentPort;
if (!port) throw new Error("solve-thread.js must run in a worker thread");
port.on("message", (request: ThreadRequest) => {
  port.postMessage(answerRequest(request, timeLimitMs, solveRebalance, solveRebalanceQuantities));
});
port.postMessage("ready");
