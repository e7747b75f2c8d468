import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FINDING_CATALOGUE,
  FINDING_IDS,
  isFindingId,
  makeFinding,
  type FindingId,
} from "@/lib/scan/findings";
import type { Severity } from "@/lib/scan/types";

/**
 * The contract: every id of the spec's finding catalogue (report.md), in table order, with its
 * default severity. "context" rows carry the table's listed default; `mta-sts-mx-mismatch` and
 * `mta-sts-mx-tls-invalid` ("critical in enforce, medium otherwise") carry medium.
 * A new id is added here, in the catalogue and in docs/findings.md together.
 */
const SPEC_IDS: ReadonlyArray<readonly [id: string, severity: Severity, context?: "context"]> = [
  ["mx-null", "info"],
  ["mx-missing", "medium"],
  ["mx-host-unresolvable", "high"],
  ["mx-truncated", "info"],
  ["mx-unreachable", "info"],
  ["target-private-address", "high"],
  ["starttls-not-offered", "high"],
  ["starttls-failed", "high"],
  ["starttls-injection", "medium"],
  ["tls-legacy-only", "high"],
  ["cert-untrusted", "medium", "context"],
  ["cert-name-mismatch", "medium", "context"],
  ["cert-expired", "medium", "context"],
  ["cert-expiring-soon", "low", "context"],
  ["starttls-stripping-exposure", "high"],
  ["starttls-stripping-partial", "medium"],
  ["mta-sts-missing", "medium"],
  ["mta-sts-record-invalid", "high"],
  ["mta-sts-policy-unavailable", "high"],
  ["mta-sts-policy-redirect", "high"],
  ["mta-sts-policy-cert-invalid", "high"],
  ["mta-sts-policy-invalid", "high"],
  ["mta-sts-policy-content-type", "medium"],
  ["mta-sts-policy-without-record", "medium"],
  ["mta-sts-testing", "medium"],
  ["mta-sts-mode-none", "low"],
  ["mta-sts-max-age-short", "low"],
  ["mta-sts-mx-mismatch", "medium", "context"],
  ["mta-sts-mx-tls-invalid", "medium", "context"],
  ["tls-rpt-missing", "low"],
  ["tls-rpt-invalid", "low"],
  ["dnssec-unverifiable", "info"],
  ["dnssec-missing", "medium"],
  ["dnssec-bogus", "critical"],
  ["dane-missing", "low"],
  ["dane-tlsa-insecure", "info"],
  ["dane-tlsa-unusable", "medium"],
  ["dane-tlsa-mismatch", "critical"],
  ["dane-rollover-risk", "low"],
  ["dmarc-missing", "high"],
  ["dmarc-invalid", "high"],
  ["dmarc-inherited", "info"],
  ["dmarc-policy-none", "medium"],
  ["dmarc-pct-partial", "low"],
  ["dmarc-subdomain-weaker", "low"],
  ["dmarc-no-rua", "low"],
  ["dmarc-rua-unauthorized", "medium"],
  ["spf-missing", "medium"],
  ["spf-invalid", "high"],
  ["spf-multiple", "high"],
  ["spf-permissive", "high"],
  ["spf-too-many-lookups", "high"],
  ["spf-void-lookups", "medium"],
  ["spf-softfail", "info"],
  ["mta-sts-policy-changed-id-unchanged", "high"],
];

const AREAS = ["mx", "starttls", "mtaSts", "tlsRpt", "dane", "dmarc", "spf", "exposure", "history"];
const OWNERS = ["DNS", "Mail server", "Policy web host"];
const EFFORTS = ["minutes", "hours", "project"];
const entries = FINDING_IDS.map((id) => [id, FINDING_CATALOGUE[id]] as const);

describe("finding catalogue against the spec table", () => {
  it.each(SPEC_IDS)("%s is catalogued with default severity %s", (id, severity, context) => {
    expect(isFindingId(id)).toBe(true);
    const def = FINDING_CATALOGUE[id as FindingId];
    expect(def.severity).toBe(severity);
    expect(def.contextSeverity === true).toBe(context === "context");
  });

  it("has no id that is missing from the contract table, and keeps the table's order", () => {
    expect([...FINDING_IDS]).toEqual(SPEC_IDS.map(([id]) => id));
    expect(new Set(FINDING_IDS).size).toBe(FINDING_IDS.length);
  });
});

describe("catalogue entries", () => {
  it.each(entries)("%s is complete and well formed", (_id, def) => {
    expect(AREAS).toContain(def.area);
    expect(OWNERS).toContain(def.owner);
    expect(EFFORTS).toContain(def.effort);
    expect(def.title.length).toBeGreaterThan(0);
    expect(def.title.length).toBeLessThanOrEqual(70);
    expect(def.title).toBe(def.title.trim());
    expect(def.explanation.trim().length).toBeGreaterThan(0);
    expect(def.fix.trim().length).toBeGreaterThan(0);
    expect(def.rfc).toMatch(/^RFC \d{4}/);
    // The texts are rendered in Markdown tables (docs/findings.md) and as plain text in the UI.
    for (const text of [def.title, def.explanation, def.fix, def.rfc]) {
      expect(text).not.toMatch(/[|\n]/);
    }
  });

  it("has unique titles", () => {
    const titles = entries.map(([, def]) => def.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(FINDING_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(FINDING_CATALOGUE["mx-null"])).toBe(true);
  });
});

describe("isFindingId", () => {
  it("accepts catalogue ids only", () => {
    expect(isFindingId("mta-sts-testing")).toBe(true);
    expect(isFindingId("mta-sts-Testing")).toBe(false);
    expect(isFindingId("toString")).toBe(false);
    expect(isFindingId("__proto__")).toBe(false);
    expect(isFindingId("")).toBe(false);
    expect(isFindingId(undefined)).toBe(false);
  });
});

describe("makeFinding", () => {
  it("returns the spec shape with the default severity and no host when none is given", () => {
    const f = makeFinding("mta-sts-testing", { detail: "The policy's mode is testing." });
    expect(f).toStrictEqual({
      id: "mta-sts-testing",
      severity: "medium",
      title: FINDING_CATALOGUE["mta-sts-testing"].title,
      detail: "The policy's mode is testing.",
      fix: FINDING_CATALOGUE["mta-sts-testing"].fix,
    });
    expect("host" in f).toBe(false);
    expect(Object.keys(f)).toEqual(["id", "severity", "title", "detail", "fix"]);
  });

  it("overrides the severity and carries the host when given", () => {
    const f = makeFinding("cert-expired", {
      detail: "notAfter 2026-11-01T00:00:00Z",
      host: "mx1.example.com",
      severity: "critical",
    });
    expect(f.severity).toBe("critical");
    expect(f.host).toBe("mx1.example.com");
    expect(f.title).toBe(FINDING_CATALOGUE["cert-expired"].title);
    expect(f.fix).toBe(FINDING_CATALOGUE["cert-expired"].fix);
  });

  it("keeps an empty host string when explicitly given", () => {
    expect(makeFinding("mx-null", { detail: "MX 0 .", host: "" })).toHaveProperty("host", "");
  });
});

describe("docs/findings.md", () => {
  const doc = readFileSync(new URL("../../../docs/findings.md", import.meta.url), "utf8");
  const rows = new Map(
    doc
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => [/^\| `([^`]+)`/.exec(line)?.[1] ?? "", line] as const),
  );

  it.each(entries)("documents %s with its severity and title", (id, def) => {
    const row = rows.get(id);
    expect(row, `no table row for ${id}`).toBeDefined();
    const cells = (row ?? "").split(" | ");
    expect(cells[1]?.startsWith(def.severity)).toBe(true);
    expect(row).toContain(def.title);
    expect(row).toContain(def.rfc);
  });

  it("documents no id that is not catalogued", () => {
    expect([...rows.keys()].filter((id) => !isFindingId(id))).toEqual([]);
  });
});
