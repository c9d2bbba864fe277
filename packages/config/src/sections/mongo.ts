// MongoDB connection (SPEC §2).
import { z } from "zod";

export const mongoEnv = z.object({
  /** MongoDB connection string; when unset the launcher starts the embedded MongoDB-compatible server. */
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "expected a mongodb:// or mongodb+srv:// URL")
    .optional(),
  /** Database name. @defaultValue "order_generation" */
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "expected 1-63 letters, digits, _ or -")
    .default("order_generation"),
});
