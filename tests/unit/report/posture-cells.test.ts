import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DmarcCell, MtaStsCell } from "@/components/domains/posture";
import { dmarcCellState, mtaStsCellState } from "@/lib/report/posture";
import { summarizeReport } from "@/lib/report/summary";
import { evaluateMtaSts } from "@/lib/scan/checks/mta-sts";
import type { MtaStsObservations } from "@/lib/scan/checks/mta-sts/types";
import type { ScanReport } from "@/lib/scan/types";
import { report } from "./report-view-fixtures";

const POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n";
const obs = (over: Partial<MtaStsObservations> = {}): MtaStsObservations => ({
  domain: "example.com",
  record: { name: "_mta-sts.example.com", outcome: "present", records: ["v=STSv1; id=1"], dnssec: "insecure", cnames: [] },
  policy: { kind: "ok", status: 200, contentType: "text/plain", body: POLICY },
  mx: [{ host: "mx1.example.com", tlsOk: true }],
  ...over,
});
/** A report whose MTA-STS check is what the real evaluation gives for `o`. */
const withSts = (o: MtaStsObservations): ScanReport => {
  const r = report();
  return { ...r, checks: { ...r.checks, mtaSts: { ...evaluateMtaSts(o), findings: undefined } } };
};
const withDmarc = (dmarc: ScanReport["checks"]["dmarc"]): ScanReport => {
  const r = report();
  return { ...r, checks: { ...r.checks, dmarc } };
};

describe("MTA-STS portfolio cell (issue 13 item 6)", () => {
  it("enforce only where the policy protects every MX", () => {
    expect(mtaStsCellState(withSts(obs()))).toBe("enforce");
  });

  it("an enforce policy that misses an MX names the break (RFC 8461 §4.1)", () => {
    expect(mtaStsCellState(withSts(obs({ mx: [{ host: "mx1.example.com", tlsOk: true }, { host: "mx2.other.net", tlsOk: true }] })))).toBe("enforce-uncovered");
  });

  it("an enforce policy whose MX fails TLS names the break (RFC 8461 §4.2); an unreachable MX does not", () => {
    expect(mtaStsCellState(withSts(obs({ mx: [{ host: "mx1.example.com", tlsOk: false, reason: "expired" }] })))).toBe("enforce-tls-fails");
    expect(mtaStsCellState(withSts(obs({ mx: [{ host: "mx1.example.com", tlsOk: "unknown" }] })))).toBe("enforce");
  });

  it("an enforce policy senders ignore (served as text/html, RFC 8461 §3.2) is not shown as enforce", () => {
    expect(mtaStsCellState(withSts(obs({ policy: { kind: "ok", status: 200, contentType: "text/html", body: POLICY } })))).toBe("enforce-not-applied");
  });

  it("a policy certificate that is not valid leaves no policy: not enforce", () => {
    expect(mtaStsCellState(withSts(obs({ policy: { kind: "cert-invalid", reason: "expired" } })))).toBeNull();
  });

  it("could not check is not-checked, absent is none-published, testing stays testing", () => {
    expect(mtaStsCellState(withSts(obs({ record: { name: "_mta-sts.example.com", outcome: "unknown", records: [], dnssec: "bogus", cnames: [], error: "bogus" } })))).toBe("not-checked");
    expect(mtaStsCellState(withSts(obs({ record: { name: "_mta-sts.example.com", outcome: "absent", records: [], dnssec: "insecure", cnames: [] }, policy: { kind: "unavailable", reason: "NXDOMAIN" } })))).toBe("none-published");
    expect(mtaStsCellState(withSts(obs({ policy: { kind: "ok", status: 200, contentType: "text/plain", body: POLICY.replace("enforce", "testing") } })))).toBe("testing");
  });

  it("summarizeReport stores these states", () => {
    expect(summarizeReport(withSts(obs({ mx: [{ host: "mx9.other.net", tlsOk: true }] }))).mtaStsMode).toBe("enforce-uncovered");
  });
});

describe("DMARC portfolio cell", () => {
  it("error is not-checked, never invalid", () => {
    const r = withDmarc({ status: "error", error: "_dmarc.example.com: DNSSEC validation failed (bogus)" });
    expect(dmarcCellState(r)).toBe("not-checked");
    expect(summarizeReport(r).dmarcPolicy).toBe("not-checked");
  });

  it("policies, missing, and invalid (no policy) as before", () => {
    expect(dmarcCellState(withDmarc({ status: "pass", policy: "reject" }))).toBe("reject");
    expect(dmarcCellState(withDmarc({ status: "missing" }))).toBe("missing");
    expect(dmarcCellState(withDmarc({ status: "fail", records: ["v=DMARC1; p=reject", "v=DMARC1; p=none"] }))).toBeNull();
  });
});

describe("the cells' words", () => {
  const sts = (mode: string | null) => renderToStaticMarkup(createElement(MtaStsCell, { mode, scanned: true, acceptsMail: true }));
  const dmarc = (policy: string | null) => renderToStaticMarkup(createElement(DmarcCell, { policy, scanned: true }));

  it("a broken enforce policy names the break, in the urgency colour, not the green check", () => {
    expect(sts("enforce")).toContain("text-emerald-800");
    for (const [mode, word] of [["enforce-uncovered", "MX not covered"], ["enforce-tls-fails", "MX TLS fails"]] as const) {
      const html = sts(mode);
      expect(html).toContain(word);
      expect(html).toContain("text-red-800");
      expect(html).not.toContain("text-emerald-800");
    }
    expect(sts("enforce-not-applied")).toContain("ignored by senders");
  });

  it("could not check reads not checked, neither invalid nor no valid policy", () => {
    expect(dmarc("not-checked")).toContain("not checked");
    expect(dmarc("not-checked")).not.toContain("invalid");
    expect(sts("not-checked")).toContain("not checked");
    expect(sts("not-checked")).not.toContain("no valid policy");
  });
});
