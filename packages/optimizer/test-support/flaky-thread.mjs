// A solve thread (on the build in ../dist) that crashes on cash "666" and hangs past any limit on "777".
import { parentPort, workerData } from "node:worker_threads";
import { solveRebalance } from "../dist/solve.js";
import { answerRequest } from "../dist/thread-wire.js";

const { timeLimitMs } = workerData;
parentPort?.on("message", (request) => {
  if (request.input.cash === "666") throw new Error("simulated crash");
  if (request.input.cash === "777") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  parentPort?.postMessage(answerRequest(request, timeLimitMs, solveRebalance));
});
parentPort?.postMessage("ready");
