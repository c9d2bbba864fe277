// Fault injection per simulated service (SPEC §9), set at run time through PUT {base}/_sim/faults.
import { z } from "zod";

export const faultsSchema = z
  .strictObject({
    /** Delay added before every answer, in milliseconds. */
    latency_ms: z.number().int().min(0).max(600_000).optional(),
    /** Share of requests (0–1) answered with `status` instead of the real answer. */
    error_rate: z.number().min(0).max(1).optional(),
    /** Status code of injected errors. @defaultValue 503 */
    status: z.number().int().min(400).max(599).optional(),
    /** Accept requests and never answer them. */
    hang: z.boolean().optional(),
    /** Refuse the service endpoints: the connection is destroyed as soon as a request arrives. */
    down: z.boolean().optional(),
  })
  .refine((faults) => faults.status === undefined || faults.error_rate !== undefined, {
    message: "status needs error_rate (the share of requests to answer with it)",
    path: ["status"],
  });

export type Faults = z.infer<typeof faultsSchema>;

/** Parses a faults body; returns the faults or a list of problems for a 400. */
export function parseFaults(body: unknown): { faults: Faults } | { problems: string[] } {
  const result = faultsSchema.safeParse(body);
  if (result.success) return { faults: result.data };
  return { problems: result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`) };
}
