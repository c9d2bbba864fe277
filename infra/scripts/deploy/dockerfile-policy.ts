// What each image must be: multi-stage with dev dependencies only in the build stage,
// pinned base images, non-root, an init process as PID 1, a HEALTHCHECK without curl, and a CMD that
// runs the compiled entry point of the app the file is named after.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

export function dockerfileProblems(file: string, app: string, repoRoot: string): string[] {
  const where = path.basename(file);
  const instructions = parseDockerfile(readFileSync(file, "utf8"));
  const problems: string[] = [];
  const froms = instructions
    .map((instruction, index) => ({ ...instruction, index }))
    .filter((instruction) => instruction.keyword === "FROM");
  const stageNames = new Set(froms.map((from) => /\bAS\s+(\S+)/i.exec(from.args)?.[1]).filter(Boolean));
  if (froms.length < 2) problems.push(`${where}: not multi-stage`);
  for (const from of froms) {
    const image = from.args.split(/\s+/)[0] ?? "";
    if (stageNames.has(image)) continue;
    if (!/:[0-9][\w.-]*$/.test(image) || /:latest$/.test(image))
      problems.push(`${where}: base image ${image} is not pinned to a version`);
  }
  const lastFrom = froms.at(-1)?.index ?? 0;
  const runtime = instructions.slice(lastFrom);
  const built = instructions.slice(0, lastFrom);
  const runs = (list: Instruction[]) =>
    list.filter((instruction) => instruction.keyword === "RUN").map((instruction) => instruction.args);
  if (!runs(built).some((run) => /npm ci(?![^&]*--omit=dev)/.test(run)))
    problems.push(`${where}: the build stage must install with npm ci (dev dependencies included)`);
  if (!runs(built).some((run) => /npm ci[^&]*--omit=dev|npm prune[^&]*--omit=dev/.test(run)))
    problems.push(`${where}: production dependencies must come from npm ci --omit=dev or npm prune --omit=dev`);
  if (!runs(built).some((run) => /tsc -b|npm run build/.test(run)))
    problems.push(`${where}: the build stage does not compile`);
  if (runs(runtime).some((run) => /npm (ci|install)(?![^&]*--omit=dev)/.test(run)))
    problems.push(`${where}: the runtime stage installs dev dependencies`);
  const user = runtime.filter((instruction) => instruction.keyword === "USER").at(-1)?.args;
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`${where}: the runtime stage must switch to a non-root USER`);
  const health = runtime.find((instruction) => instruction.keyword === "HEALTHCHECK")?.args ?? "";
  if (!/CMD/.test(health)) problems.push(`${where}: no HEALTHCHECK`);
  if (/\bcurl\b|\bwget\b/.test(health)) problems.push(`${where}: HEALTHCHECK must not need curl or wget`);
  const entrypoint = runtime.find((instruction) => instruction.keyword === "ENTRYPOINT")?.args ?? "";
  if (!/tini|dumb-init/.test(entrypoint))
    problems.push(`${where}: ENTRYPOINT must start an init process (tini or dumb-init) so SIGTERM reaches Node`);
  const cmd = runtime.find((instruction) => instruction.keyword === "CMD")?.args ?? "";
  const entry = `apps/${app}/dist/main.js`;
  if (cmd !== JSON.stringify(["node", entry]).replace(/,/g, ", "))
    problems.push(`${where}: CMD must be exactly ["node", "${entry}"], got ${cmd}`);
  if (!existsSync(path.join(repoRoot, `apps/${app}/src/main.ts`)))
    problems.push(`${where}: apps/${app}/src/main.ts (compiled to ${entry}) does not exist`);
  for (const copy of built.filter(
    (instruction) => instruction.keyword === "COPY" && !instruction.args.startsWith("--from"),
  )) {
    const sources = copy.args
      .split(/\s+/)
      .filter((arg) => !arg.startsWith("--"))
      .slice(0, -1);
    for (const source of sources)
      if (!existsSync(path.join(repoRoot, source))) problems.push(`${where}: COPY source ${source} does not exist`);
  }
  return problems;
}
