// Translates MongoDB driver failures into domain errors once, at the store boundary: an unreachable
// server is DependencyUnavailableError (HTTP 503), a duplicate key is a ConflictError (HTTP 409).
import { DependencyUnavailableError } from "@ogs/domain";
import {
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

export function isUnavailableError(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** Runs a store operation the way every repository does: unavailability mapped, the wait bounded. */
export type DriverGuard = <T>(operation: () => Promise<T>) => Promise<T>;

/**
 * A guard whose operations fail with DependencyUnavailableError("mongodb") when the server is unreachable, or
 * when no answer came within `deadlineMs` (a hung server keeps connections open and answers nothing; the
 * driver would wait for its monitor or TCP, seconds to minutes). The operation itself is not cancelled: a late
 * answer is dropped. Without a deadline only unavailability is mapped.
 */
export function createDriverGuard(deadlineMs?: number): DriverGuard {
  const unavailable = (message: string, cause: unknown) =>
    new DependencyUnavailableError("mongodb", message, undefined, { cause });
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const running = operation();
    try {
      if (deadlineMs === undefined) return await running;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(unavailable(`MongoDB did not answer within ${deadlineMs} ms; try again later.`, undefined)),
          deadlineMs,
        );
      });
      running.catch(() => undefined);
      return await Promise.race([running, deadline]);
    } catch (error) {
      if (isUnavailableError(error)) throw unavailable("MongoDB is unavailable; try again later.", error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Maps unavailability only; repositories get the bounded guard of their store (`connectStore`). */
export const guardDriver: DriverGuard = createDriverGuard();
