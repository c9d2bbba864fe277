// Offline schema validation of rendered manifests with kubernetes-models (npm): its compiled OpenAPI
// validators check types, required fields, enums and formats, KEDA's CRDs included; they accept
// unknown fields, so a second pass type-checks every manifest as an object literal against the same
// models' TypeScript interfaces, where an unknown or misspelt field is an excess-property error
// (what `kubeconform -strict` would reject).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, type Manifest } from "./manifest.js";

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** The kubernetes-models module that holds `kind` of `apiVersion`; undefined for an unknown CRD. */
export function modelModule({ apiVersion, kind }: Pick<Manifest, "apiVersion" | "kind">): string | undefined {
  if (apiVersion.startsWith("keda.sh/")) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if (group.includes(".") && !group.endsWith(".k8s.io")) return undefined;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** Runtime validation: one problem string per manifest that fails (or has no schema). */
export async function validateWithModels(docs: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const doc of docs) {
    const specifier = modelModule(doc);
    if (!specifier) {
      problems.push(`${describe(doc)}: no offline schema for ${doc.apiVersion}`);
      continue;
    }
    let Model: ModelClass | undefined;
    try {
      Model = ((await import(specifier)) as Record<string, ModelClass | undefined>)[doc.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push(`${describe(doc)}: unknown kind ${doc.kind} in ${doc.apiVersion}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      problems.push(`${describe(doc)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Strict pass: tsc over `const m: IKind = <manifest>` for every manifest; returns tsc's errors. */
export function checkUnknownFields(docs: Manifest[], repoRoot: string): string[] {
  const tmpRoot = path.join(repoRoot, ".tmp");
  mkdirSync(tmpRoot, { recursive: true });
  // Inside the repository so the generated file resolves kubernetes-models from its node_modules.
  const dir = mkdtempSync(path.join(tmpRoot, "k8s-types-"));
  try {
    const lines: string[] = [];
    const owners: { from: number; name: string }[] = [];
    docs.forEach((doc, index) => {
      const specifier = modelModule(doc);
      if (!specifier) return;
      lines.push(`import type { I${doc.kind} as T${index} } from "${specifier}";`);
    });
    docs.forEach((doc, index) => {
      if (!modelModule(doc)) return;
      const declaration = `export const m${index}: T${index} = ${JSON.stringify(doc, null, 2)};`.split("\n");
      owners.push({ from: lines.length + 1, name: describe(doc) });
      lines.push(...declaration);
    });
    writeFileSync(path.join(dir, "manifests.ts"), `${lines.join("\n")}\n`);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        skipLibCheck: true,
        types: [],
      },
      files: ["manifests.ts"],
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], {
      encoding: "utf8",
    });
    if (tsc.status === 0) return [];
    const output = `${tsc.stdout}${tsc.stderr}`.trim();
    return output.split("\n").map((line) => {
      const at = /manifests\.ts\((\d+),/.exec(line);
      const lineNumber = at ? Number(at[1]) : 0;
      const owner = owners.filter((candidate) => candidate.from <= lineNumber).at(-1);
      return owner ? `${owner.name}: ${line.replace(/^.*?error /, "")}` : line;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
