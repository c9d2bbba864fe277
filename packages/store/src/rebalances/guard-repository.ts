// Wraps every method of a repository in guardDriver, so an unreachable MongoDB surfaces as
// DependencyUnavailableError("mongodb") (HTTP 503; retried by the worker) from every call.
import { guardDriver } from "../driver-errors.js";

type AsyncMethods = Record<string, (...args: never[]) => Promise<unknown>>;

export function guardRepository<T extends AsyncMethods>(repository: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    guarded[name] = (...args: never[]) => guardDriver(() => method(...args));
  }
  return guarded as T;
}
