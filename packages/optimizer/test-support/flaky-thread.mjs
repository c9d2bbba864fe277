// A solve thread (on the build in ../dist) that crashes on cash "666" and hangs past any limit on "777".
import { parentPort, workerData } from "node:worker_threads";
import { solveRebalance } from "../dist/solve.js";
import { answerRequest, decodeInput } from "../dist/thread-wire.js";

const { timeLimitMs } = workerData;
parentPort?.on("message", (request) => {
  const cash = decodeInput(request.input).cash.toString();
  if (cash === "666") throw new Error("simulated crash");
  if (cash === "777") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  parentPort?.postMessage(answerRequest(request, timeLimitMs, solveRebalance));
});
parentPort?.postMessage("ready");
