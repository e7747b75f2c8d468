import { finding as checkFinding, statusFromFindings } from "../shared";
import { parseDmarcRecord } from "./parse-record";
import type { DmarcFinding, DmarcFindingId, DmarcObservations, DmarcPolicy, DmarcResult } from "./types";

/** Strength order of the policies, for "sp weaker than p". */
const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

const finding = (id: DmarcFindingId, detail: string): DmarcFinding => checkFinding(id, detail);

/** Judges DMARC from policy discovery and report-destination checks (pure; RFC 7489). */
export function evaluateDmarc(obs: DmarcObservations): DmarcResult {
  const d = obs.discovery;
  const base = {
    inherited: d.inherited,
    organizationalDomain: d.organizationalDomain,
    reportAuthorizations: obs.reportAuthorizations,
    // Spec "Records as published": what was received, also when several or invalid.
    records: d.records,
    ...(d.recordsAt !== undefined ? { recordsAt: d.recordsAt } : {}),
  };
  const nearMisses = d.lookups.flatMap((l) => l.nearMisses.map((text) => ({ name: l.name, text })));
  // A TXT record meant as DMARC but not starting with v=DMARC1 is discarded by receivers (RFC 7489 §6.6.3 step 2);
  // it is reported as a malformed record rather than left to look like no record at all.
  const nearMissFindings = nearMisses.map((m) =>
    finding("dmarc-invalid", `${m.name}: "${m.text}" does not start with v=DMARC1, so receivers ignore it`),
  );

  if (d.outcome === "unknown") return { ...base, status: "error", error: d.error ?? "lookup failed", findings: [] };
  if (d.outcome === "none") {
    // Specific before generic: a discarded near-miss record explains the absence better than dmarc-missing.
    if (nearMissFindings.length > 0) return { ...base, status: "fail", findings: nearMissFindings };
    const org = d.organizationalDomain !== null && d.organizationalDomain !== d.domain ? ` nor at _dmarc.${d.organizationalDomain}` : "";
    return { ...base, status: "missing", findings: [finding("dmarc-missing", `no DMARC record at _dmarc.${d.domain}${org}`)] };
  }
  if (d.outcome === "multiple") {
    // RFC 7489 §6.6.3 step 5: several records mean DMARC is not applied at all.
    const source = d.source as string; // safe: set for "multiple"
    const multiple = finding("dmarc-invalid", `more than one v=DMARC1 record at _dmarc.${source}: receivers apply none`);
    return { ...base, source, status: "fail", findings: [...nearMissFindings, multiple] };
  }

  const source = d.source as string; // safe: set for "found"
  const parsed = parseDmarcRecord(d.record as string); // safe: set for "found"
  if (parsed === null) return { ...base, status: "error", error: "discovered record is not a DMARC record", findings: [] };
  const findings: DmarcFinding[] = [...nearMissFindings];
  if (parsed.issues.length > 0) findings.push(finding("dmarc-invalid", `_dmarc.${source}: ${parsed.issues.map((i) => i.message).join("; ")}`));
  const evidence = { ...base, record: parsed.record, source, parsed };

  if (!parsed.usable) {
    // Spec rule (RFC 7489 §6.6.3 step 6): no usable record means no DMARC policy, so no other dmarc-* finding.
    return { ...evidence, status: "fail", findings };
  }

  const policy = (d.inherited ? parsed.effectiveSp : parsed.effectiveP) as DmarcPolicy; // safe: set when usable
  if (d.inherited) {
    const tag = parsed.sp !== undefined && !parsed.treatedAsNone ? "sp" : "p";
    findings.push(finding("dmarc-inherited", `no record at _dmarc.${d.domain}; the policy of ${source} applies (${tag}=${policy})`));
  }
  if (policy === "none") {
    const why = parsed.treatedAsNone
      ? "the record has no valid p, so receivers apply it as p=none (RFC 7489 §6.6.3)"
      : "the policy is none: spoofed mail is delivered";
    findings.push(finding("dmarc-policy-none", why));
  }
  if (policy !== "none" && parsed.pct < 100) {
    findings.push(finding("dmarc-pct-partial", `pct=${parsed.pct}: the ${policy} policy applies to only ${parsed.pct}% of failing mail`));
  }
  if (parsed.p !== undefined && parsed.sp !== undefined && STRENGTH[parsed.sp] < STRENGTH[parsed.p]) {
    findings.push(finding("dmarc-subdomain-weaker", `sp=${parsed.sp} is weaker than p=${parsed.p}`));
  }
  if (parsed.rua.length === 0) findings.push(finding("dmarc-no-rua", "no valid rua address: no aggregate reports are sent"));
  for (const auth of obs.reportAuthorizations) {
    if (auth.external && auth.authorized === false) {
      const detail = `${auth.tag} ${auth.uri}: ${auth.host} does not publish ${auth.name} with v=DMARC1, so reports are not sent there (RFC 7489 §7.1)`;
      findings.push(finding("dmarc-rua-unauthorized", detail));
    }
  }
  return { ...evidence, policy, status: statusFromFindings(findings), findings };
}
