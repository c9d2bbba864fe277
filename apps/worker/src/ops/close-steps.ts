// Closes what a worker holds, bounded as a whole (SPEC §5.4; BullMQ "Going to production": a close() can hang
// while Redis is gone): independent steps run at once, a step waits only for the steps it names in `after`
// (settled either way), and one deadline covers them all — at the deadline each step still running or not yet
// started is logged by name and left behind, so a hung dependency costs the deadline once, not once per step.
import type { Logger } from "@ogs/observability";

export interface CloseStep {
  name: string;
  close: () => Promise<unknown>;
  /** Steps (listed before this one) that must have settled first. */
  after?: readonly string[];
}

type StepState = "waiting" | "running" | "done" | "failed";

/** Resolves "done" when every step settled, or "timeout" at `deadlineMs` with the overrunning steps logged. */
export async function closeWithin(
  steps: readonly CloseStep[],
  deadlineMs: number,
  logger: Logger,
): Promise<"done" | "timeout"> {
  const states = new Map<string, StepState>();
  const settled = new Map<string, Promise<void>>();
  for (const step of steps) {
    const before = (step.after ?? []).map((name) => {
      const earlier = settled.get(name);
      if (!earlier) throw new Error(`close step "${step.name}" waits for "${name}", which is not listed before it`);
      return earlier;
    });
    states.set(step.name, "waiting");
    settled.set(
      step.name,
      Promise.all(before).then(async () => {
        states.set(step.name, "running");
        try {
          await step.close();
          states.set(step.name, "done");
        } catch (error) {
          states.set(step.name, "failed");
          logger.warn({ err: error, step: step.name }, "shutdown step failed");
        }
      }),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    Promise.all(settled.values()).then(() => "done" as const),
    new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deadlineMs))),
  ]);
  clearTimeout(timer);
  if (outcome === "timeout")
    for (const [step, state] of states)
      if (state === "waiting" || state === "running")
        logger.warn(
          { step, deadline_ms: deadlineMs, state: state === "running" ? "running" : "not started" },
          "shutdown step did not finish by the deadline; exiting without it",
        );
  return outcome;
}
