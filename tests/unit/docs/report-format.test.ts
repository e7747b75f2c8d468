/**
 * docs/report-format.md is the project's own statement of the report: its finding table must list
 * exactly the code's catalogue with the same severities, and its JSON example exactly the fields
 * the zod schema declares. Either side changing alone fails here, in both directions.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FINDING_CATALOGUE } from "@/lib/scan/findings";
import { ReportSchema } from "@/lib/scan/report-schema";
import type { Severity } from "@/lib/scan/types";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const doc = readFileSync(path.join(root, "docs", "report-format.md"), "utf8");

/** The lines of the section under `## <title>`, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/report-format.md has no "## ${title}" section`);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

// ── finding table ──────────────────────────────────────────────────────────────────────────────

type DocSeverity = { severity: Severity; context: boolean };
const SEVERITIES = new Set<string>(["critical", "high", "medium", "low", "info"]);

/**
 * "medium", "medium (context)" or "critical in enforce, medium otherwise": the listed severity is
 * the one outside any special context, which is the catalogue's default severity.
 */
function parseSeverityText(text: string): DocSeverity | undefined {
  const fixed = /^(\w+)$/.exec(text);
  if (fixed && SEVERITIES.has(fixed[1]!)) return { severity: fixed[1] as Severity, context: false };
  const context = /^(\w+) \(context\)$/.exec(text);
  if (context && SEVERITIES.has(context[1]!)) return { severity: context[1] as Severity, context: true };
  const enforce = /^critical in enforce, (\w+) otherwise$/.exec(text);
  if (enforce && SEVERITIES.has(enforce[1]!)) return { severity: enforce[1] as Severity, context: true };
  return undefined;
}

function documentedFindings(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of section(doc, "Finding catalogue").split("\n")) {
    const m = /^\| `([a-z0-9-]+)` \| ([^|]+) \|/.exec(line);
    if (!m) continue;
    if (rows.has(m[1]!)) throw new Error(`${m[1]} is documented twice`);
    rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

describe("docs/report-format.md finding table ⇄ lib/scan/findings-catalogue.ts", () => {
  const documented = documentedFindings();

  it("reads the table (a sanity floor, so a broken parser cannot pass vacuously)", () => {
    expect(documented.size).toBeGreaterThan(40);
    expect(parseSeverityText("medium (context)")).toEqual({ severity: "medium", context: true });
    expect(parseSeverityText("critical in enforce, medium otherwise")).toEqual({ severity: "medium", context: true });
    expect(parseSeverityText("high")).toEqual({ severity: "high", context: false });
    expect(parseSeverityText("severe")).toBeUndefined();
  });

  it("every documented id is in the catalogue", () => {
    const missing = [...documented.keys()].filter((id) => !Object.hasOwn(FINDING_CATALOGUE, id));
    expect(missing, "documented in docs/report-format.md but not in lib/scan/findings-catalogue.ts").toEqual([]);
  });

  it("every catalogue id is documented", () => {
    const undocumented = Object.keys(FINDING_CATALOGUE).filter((id) => !documented.has(id));
    expect(undocumented, "in lib/scan/findings-catalogue.ts but not in docs/report-format.md").toEqual([]);
  });

  it("documented severities are the catalogue's (default severity, and whether context decides)", () => {
    const differing: string[] = [];
    for (const [id, text] of documented) {
      const def = (FINDING_CATALOGUE as Record<string, { severity: Severity; contextSeverity?: true }>)[id];
      if (!def) continue;
      const parsed = parseSeverityText(text);
      const code: DocSeverity = { severity: def.severity, context: def.contextSeverity === true };
      if (!parsed || parsed.severity !== code.severity || parsed.context !== code.context) {
        differing.push(`${id}: docs "${text}", code ${code.severity}${code.context ? " (context)" : ""}`);
      }
    }
    expect(differing).toEqual([]);
  });
});

// ── JSON example ⇄ zod schema ──────────────────────────────────────────────────────────────────

/** Removes // and /* *\/ comments outside strings, so the documented example parses as JSON. */
function stripJsonComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new Error("unterminated /* comment in the JSON example");
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Field paths of a JSON value: `mx`, `mx[].host`, `mx[].endpoints[].tls.version`, … */
function jsonFieldPaths(value: unknown, prefix = "", into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) jsonFieldPaths(item, `${prefix}[]`, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${key}` : key;
      into.add(p);
      jsonFieldPaths(child, p, into);
    }
  }
  return into;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Field paths the schema declares, in the same notation. Wrappers (optional, nullable, default,
 * readonly, pipe) are looked through; a union (discriminated or not) declares the fields of all its
 * options; anything else is a leaf. Open objects (index signatures /
 * looseObject) contribute their declared keys only: undeclared evidence is pragmatically ignored.
 */
function schemaFieldPaths(schema: z.ZodType, prefix = "", into = new Set<string>()): Set<string> {
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const p = prefix ? `${prefix}.${key}` : key;
        into.add(p);
        schemaFieldPaths(child, p, into);
      }
      break;
    case "array":
      schemaFieldPaths(def.element!, `${prefix}[]`, into);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
      schemaFieldPaths(def.innerType!, prefix, into);
      break;
    case "pipe":
      schemaFieldPaths(def.in!, prefix, into);
      break;
    case "union":
      for (const option of def.options ?? []) schemaFieldPaths(option, prefix, into);
      break;
  }
  return into;
}

function documentedExample(): unknown {
  const body = section(doc, "JSON report (schemaVersion 1)");
  const m = /```jsonc\n([\s\S]*?)\n```/.exec(body);
  if (!m) throw new Error('the "JSON report" section has no ```jsonc example');
  return JSON.parse(stripJsonComments(m[1]!));
}

describe("docs/report-format.md JSON example ⇄ lib/scan/report-schema.ts", () => {
  const example = jsonFieldPaths(documentedExample());
  const declared = schemaFieldPaths(ReportSchema);

  it("walks both sides (a sanity floor, so an empty walk cannot pass vacuously)", () => {
    expect(example.has("mx[].endpoints[].certificate.spkiSha256")).toBe(true);
    expect(declared.has("mx[].endpoints[].certificate.spkiSha256")).toBe(true);
    expect(declared.size).toBeGreaterThan(50);
  });

  it("every field of the example is declared by the schema", () => {
    expect([...example].filter((p) => !declared.has(p)).sort(), "in the docs example but not in the schema").toEqual([]);
  });

  it("every field the schema declares appears in the example", () => {
    expect([...declared].filter((p) => !example.has(p)).sort(), "in the schema but not in the docs example").toEqual([]);
  });
});

describe("the walkers", () => {
  it("strip comments but keep // and /* inside strings", () => {
    expect(JSON.parse(stripJsonComments('{ "a": "https://x/*y*/", // c\n "b": 1 /* d */ }'))).toEqual({ a: "https://x/*y*/", b: 1 });
  });
  it("declare the fields of every option of a union", () => {
    const schema = z.object({ a: z.array(z.discriminatedUnion("k", [z.object({ k: z.literal("x"), b: z.string() }), z.object({ k: z.literal("y"), c: z.number() })])) });
    expect([...schemaFieldPaths(schema)]).toEqual(["a", "a[].k", "a[].b", "a[].c"]);
  });
  it("name array elements with [] and keep leaves as the field itself", () => {
    expect([...jsonFieldPaths({ a: [{ b: 1, c: ["x"] }], d: { e: null } })]).toEqual(["a", "a[].b", "a[].c", "d", "d.e"]);
  });
});
