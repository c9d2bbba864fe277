// The original service's variable names that mean one of ours (SPEC §1: a drop-in replacement keeps
// the GlobeCo chart's environment). One table, one rule: an alias fills our variable when only it is
// set; both set to different values stop start-up with a message naming both.

/** One of the original's names for one of our variables. */
export interface Alias {
  /** The original's variable name. */
  name: string;
  /** Our variable it sets. */
  ours: string;
}

/**
 * Plain renames; the OpenTelemetry names (`OTEL_COLLECTOR_*`, `OTEL_INSECURE`,
 * `OTEL_SERVICE_NAMESPACE`) depend on the protocol and live in telemetry/resolve.ts.
 */
export const ALIASES: readonly Alias[] = [
  // The original's Settings.database_name; the chart sets DATABASE_NAME=prod.
  { name: "DATABASE_NAME", ours: "MONGODB_DB" },
  // The original's Settings.database_url (its env.example); the chart itself sets MONGODB_URL, as we do.
  { name: "DATABASE_URL", ours: "MONGODB_URL" },
];

/** Variables whose values never appear in a message (credentials, tokens, signing keys). */
const SENSITIVE = /SECRET|PASSWORD|API_KEY|TOKEN|HEADERS/;

/** A value as it may be printed: hidden for sensitive names, URL credentials masked. */
export function printable(name: string, value: string): string {
  if (SENSITIVE.test(name)) return "<hidden>";
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1***@"));
}

/** The message for two names of one setting set to different values. */
export function conflictMessage(ours: string, oursValue: string, original: string, originalValue: string): string {
  return (
    `${ours} and ${original} (the original service's name for it) are both set, to different values ` +
    `(${printable(ours, oursValue)} and ${printable(original, originalValue)}); set only one of them, or both to the same value`
  );
}

export interface AliasResolution {
  /** The environment with each alias copied to our name where only the alias was set. */
  env: Record<string, string>;
  /** Our variable name → the alias its value came from. */
  filledFrom: Map<string, string>;
  /** One message per conflicting pair. */
  conflicts: string[];
}

/** Applies the aliases of the variables `reads` accepts to `env` (empty values already removed). */
export function resolveAliases(env: Record<string, string>, reads: (name: string) => boolean): AliasResolution {
  const resolved = { ...env };
  const filledFrom = new Map<string, string>();
  const conflicts: string[] = [];
  for (const alias of ALIASES) {
    if (!reads(alias.ours)) continue;
    const original = env[alias.name];
    const ours = env[alias.ours];
    if (original === undefined) continue;
    if (ours === undefined) {
      resolved[alias.ours] = original;
      filledFrom.set(alias.ours, alias.name);
    } else if (ours !== original) {
      conflicts.push(conflictMessage(alias.ours, ours, alias.name, original));
    }
  }
  return { env: resolved, filledFrom, conflicts };
}
