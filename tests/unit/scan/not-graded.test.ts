/**
 * Whether a scan can be graded (report `notGraded`, lib/scan/not-graded.ts): the whole scanner run
 * over declarative zones (docs/architecture.md rule 24), so the decision is tested on the areas'
 * real results, not on hand-made ones. Each case says why it exists.
 */
import { describe, expect, it } from "vitest";
import { NOT_GRADED_NXDOMAIN } from "@/lib/scan/not-graded";
import { validateReport } from "@/lib/scan/report-schema";
import { scanDomain, type ScanDeps } from "@/lib/scan/scan-domain";
import type { ScanReport } from "@/lib/scan/types";
import { createTrustAnchors } from "@/lib/scan/x509";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

const D = "example.test";

/** Every lookup of the domain's own names fails the same way. */
const allFail = (how: "timeout" | "servfail" | "refused"): Zone => ({
  [D]: { fail: how },
  [`_dmarc.${D}`]: { fail: how },
  [`_mta-sts.${D}`]: { fail: how },
  [`_smtp._tls.${D}`]: { fail: how },
});

async function scan(zone: Zone, validating = false): Promise<ScanReport> {
  const deps: ScanDeps = {
    dns: zoneResolver(zone, { validating }),
    now: () => new Date("2026-12-07T08:00:00Z"),
    // No case here has an MX host to probe; a probe would be a bug in the case, so it fails loudly.
    probe: () => Promise.reject(new Error("no probe expected")),
    fetchPolicy: async () => ({ kind: "unavailable", reason: "no policy host in this test" }),
    anchors: createTrustAnchors([]),
  };
  return scanDomain(D, deps, { allowPrivate: false, smtpPort: 25 });
}

type Case = { why: string; zone: Zone; notGraded: string | RegExp | undefined };

const CASES: Case[] = [
  {
    why: "the domain does not exist: NXDOMAIN for its MX question (RFC 1035 §4.1.1 RCODE 3) — no grade instead of a D",
    zone: { "other.test": { A: ["192.0.2.1"] } },
    notGraded: NOT_GRADED_NXDOMAIN,
  },
  {
    why: "every lookup timed out: no grade instead of an A+ nobody could have earned",
    zone: allFail("timeout"),
    notGraded: /^no lookup for the domain succeeded: MX \(simulated timeout\), _dmarc TXT \(.*\), SPF TXT \(.*\), _mta-sts TXT \(.*\), _smtp\._tls TXT \(.*\)$/,
  },
  {
    why: "every lookup ended in SERVFAIL: unknown, not absent (rule 8), so no grade either",
    zone: allFail("servfail"),
    notGraded: /^no lookup for the domain succeeded: MX \(simulated servfail\)/,
  },
  {
    why: "one lookup answered (a DMARC record): there is something to grade, so it is graded",
    zone: { ...allFail("timeout"), [`_dmarc.${D}`]: { TXT: ["v=DMARC1; p=reject"] } },
    notGraded: undefined,
  },
  {
    why: "the MX lookup failed but the SPF record was read: graded on what was seen",
    zone: { [D]: { fail: { MX: "timeout" }, TXT: ["v=spf1 -all"] }, [`_dmarc.${D}`]: { fail: "timeout" }, [`_mta-sts.${D}`]: { fail: "timeout" }, [`_smtp._tls.${D}`]: { fail: "timeout" } },
    notGraded: undefined,
  },
  {
    why: "the records are absent (NODATA), not unknown: a real domain without mail settings is graded",
    zone: { [D]: { A: ["192.0.2.10"] } },
    notGraded: undefined,
  },
  {
    why: "a null MX domain exists and says it takes no mail: graded as today",
    zone: { [D]: { MX: [{ preference: 0, exchange: "." }], TXT: ["v=spf1 -all"] }, [`_dmarc.${D}`]: { TXT: ["v=DMARC1; p=reject"] } },
    notGraded: undefined,
  },
];

describe("notGraded in the report", () => {
  it.each(CASES)("$why", async ({ zone, notGraded }) => {
    const report = await scan(zone);
    if (notGraded === undefined) expect(report.notGraded).toBeUndefined();
    else if (typeof notGraded === "string") expect(report.notGraded).toBe(notGraded);
    else expect(report.notGraded).toMatch(notGraded);
    // grade and score keep their contract meaning, and the report (with or without the field) validates.
    expect(report.grade).toMatch(/^(A\+|A|B|C|D|F)$/);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true });
  });

  it("a bogus denial of existence is not believed: dnssec-bogus grades that scan (rule 8)", async () => {
    // The name's bogus CNAME leads to a name that does not exist: an NXDOMAIN a validating sender never sees.
    const report = await scan({ [D]: { CNAME: "gone.other.test", bogus: true } }, true);
    expect(report.findings.map((f) => f.id)).toContain("dnssec-bogus");
    expect(report.notGraded).toBeUndefined();
  });

  it("the validator refuses an empty reason", () => {
    const report = { schemaVersion: 1, domain: D, startedAt: "2026-12-07T08:00:00.000Z", durationMs: 1, grade: "A+", score: 100, notGraded: "", mx: [], checks: {}, findings: [] };
    const v = validateReport(report);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues.join("\n")).toMatch(/notGraded/);
  });
});
