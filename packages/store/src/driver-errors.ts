// Translates MongoDB driver failures into domain errors once, at the store boundary: an unreachable
// server is DependencyUnavailableError (HTTP 503), a duplicate key is a ConflictError (HTTP 409).
import { DependencyUnavailableError } from "@ogs/domain";
import {
  MongoNetworkError,
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
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** Runs a store operation; connection failures become DependencyUnavailableError("mongodb"). */
export async function guardDriver<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailableError(error)) {
      throw new DependencyUnavailableError("mongodb", "MongoDB is unavailable; try again later.", undefined, {
        cause: error,
      });
    }
    throw error;
  }
}
