/**
 * Lints code through the project's real ESLint config, as if it were the named file: the layering
 * tests feed snippets to it and read back the errors.
 */
import path from "node:path";
import { ESLint } from "eslint";

const root = path.resolve(import.meta.dirname, "..", "..");
const eslint = new ESLint({ cwd: root });

/** The error-level messages (`rule: message`) ESLint reports for `code` placed at `file`. */
export async function lintErrorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Loading the config and the TypeScript parser is the slow part: done once, before the cases. */
export async function warmUpLint(): Promise<void> {
  await eslint.lintText("export {};\n", { filePath: path.join(root, "lib/scan/x.ts") });
}
