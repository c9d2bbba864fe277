// A real pino logger of the project whose lines land in an array, parsed: for tests that check what is logged.
import { createLogger, type Logger } from "@ogs/observability";

export function captureLogs(): { lines: Record<string, unknown>[]; logger: Logger } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "test",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
}
