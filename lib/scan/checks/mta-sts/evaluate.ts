import type { MtaStsPolicy, Severity } from "../../types";
import { finding as checkFinding, statusFromFindings } from "../shared";
import { matchMxPatterns } from "./match-mx";
import { parseMtaStsPolicy } from "./parse-policy";
import { isMtaStsCandidate, parseMtaStsRecord } from "./parse-record";
import type {
  MtaStsFinding,
  MtaStsFindingId,
  MtaStsMxCoverage,
  MtaStsObservations,
  MtaStsPolicyFetch,
  MtaStsPolicyParse,
  MtaStsResult,
} from "./types";

/** A finding with the catalogue's severity; the two mx findings pass theirs (context: the mode, evaluateMx). */
const finding = (id: MtaStsFindingId, detail: string, extra: { host?: string; severity?: Severity } = {}): MtaStsFinding => checkFinding(id, detail, extra);

/** Below one week the policy is re-fetched often and a downgrade window opens sooner (RFC 8461 §3.2 advice: weeks). */
export const MTA_STS_SHORT_MAX_AGE = 604_800;

function isTextPlain(contentType: string | null): boolean {
  // RFC 8461 §3.2: the media type MUST be "text/plain"; parameters such as charset are ignored.
  if (contentType === null) return false;
  return contentType.split(";")[0]?.trim().toLowerCase() === "text/plain";
}

type PolicyOutcome = { parse?: MtaStsPolicyParse; servedOk: boolean; textPlain: boolean; findings: MtaStsFinding[] };

/** Turns the fetch observation into policy findings; specific ids replace mta-sts-policy-unavailable. */
function evaluateFetch(domain: string, fetch: MtaStsPolicyFetch): PolicyOutcome {
  const host = `mta-sts.${domain}`;
  const one = (found: MtaStsFinding): PolicyOutcome => ({ servedOk: false, textPlain: false, findings: [found] });
  switch (fetch.kind) {
    case "redirect":
      // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
      return one(finding("mta-sts-policy-redirect", `https://${host}/.well-known/mta-sts.txt redirects${fetch.location ? ` to ${fetch.location}` : ""}`));
    case "cert-invalid":
      // RFC 8461 §3.3: the policy host's certificate MUST be valid for mta-sts.<domain> and chain to a trusted root.
      return one(finding("mta-sts-policy-cert-invalid", `certificate of ${host} is not valid: ${fetch.reason}`));
    case "unavailable":
      return one(finding("mta-sts-policy-unavailable", `policy could not be fetched from ${host}: ${fetch.reason}`));
    case "blocked-private":
      // Spec: the private-address finding replaces "unavailable" (the host was deliberately not contacted).
      return one(finding("target-private-address", `${host} resolves to ${fetch.address}, a private address; it was not contacted`, { host }));
    case "too-large":
      return one(finding("mta-sts-policy-invalid", "the policy body is larger than 64 KiB"));
    case "ok": {
      // RFC 8461 §3.3: only a 200 answer carries a policy.
      if (fetch.status !== 200) return one(finding("mta-sts-policy-unavailable", `policy URL answered HTTP ${fetch.status}`));
      const parse = parseMtaStsPolicy(fetch.body);
      const textPlain = isTextPlain(fetch.contentType);
      const findings: MtaStsFinding[] = [];
      if (!textPlain) findings.push(finding("mta-sts-policy-content-type", `policy served as ${fetch.contentType ?? "(no Content-Type)"}, not text/plain`));
      if (!parse.valid) findings.push(finding("mta-sts-policy-invalid", parse.errors.map((e) => e.message).join("; ")));
      return { parse, servedOk: true, textPlain, findings };
    }
  }
}

function evaluatePolicyContent(policy: MtaStsPolicy): MtaStsFinding[] {
  const findings: MtaStsFinding[] = [];
  if (policy.mode === "testing") findings.push(finding("mta-sts-testing", "mode is testing: failures are reported, mail is not protected"));
  if (policy.mode === "none") findings.push(finding("mta-sts-mode-none", "mode is none: senders treat the domain as having no policy"));
  if (policy.maxAge < MTA_STS_SHORT_MAX_AGE) findings.push(finding("mta-sts-max-age-short", `max_age is ${policy.maxAge} seconds, below one week`));
  return findings;
}

function evaluateMx(policy: MtaStsPolicy, mx: MtaStsObservations["mx"], protects: boolean) {
  const findings: MtaStsFinding[] = [];
  const coverage: MtaStsMxCoverage[] = [];
  // Senders refuse delivery only under a policy they apply: a valid record, a valid policy served
  // as text/plain (RFC 8461 §3.2: otherwise they SHOULD discard it) in enforce mode. Then a
  // mismatch loses mail (critical); under a policy senders ignore it is a latent defect (medium).
  const severity: Severity = protects ? "critical" : "medium";
  for (const verdict of mx) {
    const pattern = matchMxPatterns(policy.mx, verdict.host);
    const matched = pattern !== undefined;
    // Protection is judged from what is published: an unreachable MX is not a TLS failure.
    const isProtected = protects && matched && verdict.tlsOk !== false;
    coverage.push({ host: verdict.host, ...(matched ? { pattern } : {}), matched, tlsOk: verdict.tlsOk, isProtected });
    // RFC 8461 §5: in mode "none" senders treat the domain as having no policy, so nothing is checked.
    if (policy.mode === "none") continue;
    if (!matched) {
      // RFC 8461 §4.1: an MX that matches no "mx" pattern is not a valid delivery target under the policy.
      findings.push(finding("mta-sts-mx-mismatch", `${verdict.host} matches no mx pattern (${policy.mx.join(", ")})`, { host: verdict.host, severity }));
    } else if (verdict.tlsOk === false) {
      // RFC 8461 §4.2: a covered MX must offer STARTTLS with a PKIX-valid certificate for its name.
      const reason = verdict.reason ?? "certificate or STARTTLS failure";
      findings.push(finding("mta-sts-mx-tls-invalid", `${verdict.host} fails TLS: ${reason}`, { host: verdict.host, severity }));
    }
  }
  return { findings, coverage };
}

function fetchSummary(fetch: MtaStsPolicyFetch): NonNullable<MtaStsResult["fetch"]> {
  switch (fetch.kind) {
    case "ok":
      return { kind: fetch.kind, status: fetch.status, contentType: fetch.contentType };
    case "redirect":
      return { kind: fetch.kind, ...(fetch.location !== null ? { detail: fetch.location } : {}) };
    case "cert-invalid":
    case "unavailable":
      return { kind: fetch.kind, detail: fetch.reason };
    case "blocked-private":
      return { kind: fetch.kind, detail: fetch.address };
    case "too-large":
      return { kind: fetch.kind };
  }
}

const uncovered = (mx: MtaStsObservations["mx"]): MtaStsMxCoverage[] =>
  mx.map((m) => ({ host: m.host, matched: false, tlsOk: m.tlsOk, isProtected: false }));

/** Judges MTA-STS from the record lookup, the policy fetch and per-MX TLS verdicts (pure; RFC 8461). */
export function evaluateMtaSts(obs: MtaStsObservations): MtaStsResult {
  const fetched = obs.policy === null ? undefined : evaluateFetch(obs.domain, obs.policy);
  const parsed = fetched?.parse;
  const evidence = {
    // Spec "Records as published": the candidates as received; none when the lookup could not be done.
    records: obs.record.outcome === "present" ? obs.record.records.filter(isMtaStsCandidate) : [],
    ...(obs.policy !== null ? { fetch: fetchSummary(obs.policy) } : {}),
    ...(parsed?.valid ? { policy: parsed.policy, policyWarnings: parsed.warnings } : {}),
    ...(parsed && !parsed.valid ? { policyErrors: parsed.errors, policyWarnings: parsed.warnings } : {}),
  };

  if (obs.record.outcome === "unknown") {
    // Could not test: the record may or may not exist, so neither "missing" nor a policy verdict.
    const error = `${obs.record.name}: ${obs.record.error ?? "lookup failed"}`;
    return { status: "error", error, findings: [], countsAsProtection: false, coverage: uncovered(obs.mx), ...evidence };
  }

  if (obs.record.outcome === "absent") {
    // Spec: mta-sts-policy-without-record replaces mta-sts-missing, and only when no TXT exists at all.
    const found =
      fetched?.servedOk && parsed?.valid
        ? finding("mta-sts-policy-without-record", `a valid policy is served at mta-sts.${obs.domain} but no _mta-sts TXT record announces it`)
        : finding("mta-sts-missing", `no TXT record at ${obs.record.name}`);
    return { status: "missing", findings: [found], countsAsProtection: false, coverage: uncovered(obs.mx), ...evidence };
  }

  const record = parseMtaStsRecord(obs.record.records);
  const findings: MtaStsFinding[] = [];
  if (!record.valid) findings.push(finding("mta-sts-record-invalid", `${obs.record.name}: ${record.message}`));
  const recordEvidence = record.valid
    ? { record: record.record, recordId: record.id }
    : { ...(record.record !== undefined ? { record: record.record } : {}), recordError: record.message };

  if (fetched === undefined) {
    // The fetch was not attempted: the policy cannot be judged.
    if (!record.valid) return { status: "fail", findings, countsAsProtection: false, coverage: uncovered(obs.mx), ...recordEvidence, ...evidence };
    const error = "the policy was not fetched";
    return { status: "error", error, findings, countsAsProtection: false, coverage: uncovered(obs.mx), ...recordEvidence, ...evidence };
  }
  findings.push(...fetched.findings);

  let coverage = uncovered(obs.mx);
  let countsAsProtection = false;
  if (parsed?.valid) {
    const policy = parsed.policy;
    // Spec: only a valid, announced policy served as text/plain in enforce mode counts as protection.
    countsAsProtection = record.valid && fetched.textPlain && policy.mode === "enforce";
    findings.push(...evaluatePolicyContent(policy));
    const mx = evaluateMx(policy, obs.mx, countsAsProtection);
    findings.push(...mx.findings);
    coverage = mx.coverage;
  }
  return { status: statusFromFindings(findings), findings, countsAsProtection, coverage, ...recordEvidence, ...evidence };
}
