/**
 * Each area card's one-sentence verdict and its key facts (docs/ui.md §4 AreaCard, after Mailhardener's
 * per-record cards: "DNS lookups 9 / 10"). Pure: facts are plain strings; values that came from
 * DNS/SMTP/HTTP are rendered through UntrustedText / SafeUri by the components.
 */
import type { CheckStatus, ScanReport } from "@/lib/scan/types";
import { groupFindings, type AreaKey } from "./areas";
import {
  couldNotCheck,
  daneEvidence,
  dmarcEvidence,
  mtaStsEvidence,
  receivedRecords,
  SPF_ALL_MEANING,
  spfEvidence,
  starttlsEvidence,
  tlsRptEvidence,
} from "./evidence";
import { daysUntil, formatSeconds, formatUtcDate } from "./format";
import { severityRank } from "./verdict";

export type Fact = {
  label: string;
  value: string;
  /** Render in the mono font (records, names, ids). */
  mono?: boolean;
  /** Report URIs (rua/ruf): each rendered through SafeUri. */
  uris?: string[];
  /** A short qualifier shown after the value ("inherited from example.com"). */
  note?: string;
};

export type AreaSummary = {
  key: AreaKey;
  status: CheckStatus;
  verdict: string;
  facts: Fact[];
  /** The record as published, shown on the card itself (evidence adds the detail). */
  record?: string;
  /** Every record received at the name asked (spec "Records as published"), shown on the card when several. */
  records?: string[];
};

const PASS_VERDICT: Record<AreaKey, string> = {
  starttls: "Every reachable mail server offers STARTTLS with TLS 1.2 or newer and a valid certificate.",
  mtaSts: "A policy in enforce mode covers every MX: MTA-STS senders require valid TLS.",
  tlsRpt: "Senders report TLS failures to the addresses below.",
  dane: "Every MX is pinned by DNSSEC-signed TLSA records that match its certificate.",
  dmarc: "Receivers are told to quarantine or reject mail that fails DMARC.",
  spf: "The SPF record is valid, within its lookup limits, and fails unlisted senders.",
};

const STATUS_FALLBACK: Record<CheckStatus, string> = {
  pass: "Passed.",
  warn: "Works, with a weakness.",
  fail: "Fails.",
  missing: "Not published.",
  error: "Inconclusive: the scanner could not complete this check.",
  "n/a": "Not applicable: the domain accepts no mail (null MX).",
};

function passVerdict(report: ScanReport, key: AreaKey): string {
  const policy = report.checks?.dmarc?.policy;
  if (key === "dmarc" && (policy === "reject" || policy === "quarantine")) return `Receivers are told to ${policy} mail that fails DMARC.`;
  return PASS_VERDICT[key];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The verdict sentence: pass wording, else the worst finding of the area, else the status in words. */
function verdictFor(report: ScanReport, key: AreaKey, status: CheckStatus, extraError?: string): string {
  if (status === "n/a") return STATUS_FALLBACK["n/a"];
  const groups = groupFindings(report.findings).filter((g) => g.place === key && g.severity !== "info");
  if (status === "pass" && groups.length === 0) return passVerdict(report, key);
  const worst = groups.sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  if (worst) {
    const more = groups.length - 1;
    return `${worst.title.replace(/\.$/, "")}.${more > 0 ? ` ${plural(more, "more problem")} in this area.` : ""}`;
  }
  // Could not check is never "no record" or "fail": say so, with the reason when there is one.
  if (status === "error" && extraError) return `Inconclusive: ${couldNotCheck(extraError)}.`;
  if (status === "pass") return passVerdict(report, key);
  return STATUS_FALLBACK[status];
}

function starttlsFacts(report: ScanReport, now: Date): Fact[] {
  const endpoints = report.mx.flatMap((m) => m.endpoints);
  const reached = endpoints.filter((e) => !["unreachable", "rate-limited", "blocked", "skipped"].includes(e.starttls));
  const ok = endpoints.filter((e) => e.starttls === "ok");
  const v4 = endpoints.filter((e) => !e.address.includes(":")).length;
  const v6 = endpoints.length - v4;
  const facts: Fact[] = [];
  if (report.mx.length === 0) return [{ label: "MX hosts", value: "none found" }];
  const implicit = report.mx.some((m) => m.implicit);
  facts.push({ label: "MX hosts", value: String(report.mx.length), ...(implicit ? { note: "implicit: the domain's own address (no MX records)" } : {}) });
  facts.push({ label: "Addresses", value: `${endpoints.length} (${v4} IPv4, ${v6} IPv6)` });
  const inconclusive = endpoints.length - reached.length;
  facts.push({
    label: "STARTTLS",
    value: `ok on ${ok.length} of ${reached.length} reached ${reached.length === 1 ? "address" : "addresses"}`,
    ...(inconclusive > 0 ? { note: `${inconclusive} not reached (inconclusive)` } : {}),
  });
  const versions = [...new Set(ok.map((e) => e.tls?.version).filter((v): v is string => Boolean(v)))].sort();
  if (versions.length > 0) facts.push({ label: "TLS versions", value: versions.join(", "), mono: true });
  const certs = ok.map((e) => e.certificate).filter((c) => c !== undefined);
  if (certs.length > 0) {
    const untrusted = certs.filter((c) => !c.trusted).length;
    const mismatch = certs.filter((c) => !c.nameMatches).length;
    facts.push({
      label: "Certificates",
      value: untrusted === 0 && mismatch === 0 ? `all ${certs.length} trusted, names match` : [untrusted ? `${untrusted} untrusted` : "", mismatch ? `${mismatch} for another name` : ""].filter(Boolean).join(", "),
    });
    const soonest = certs.map((c) => c.notAfter).sort()[0]!;
    const days = daysUntil(soonest, now);
    facts.push({ label: "Nearest expiry", value: formatUtcDate(soonest), note: days < 0 ? `expired ${-days} days ago` : `in ${plural(days, "day")}` });
  }
  return facts;
}

/** The "Record" fact: never "none" where records were received, never "none" when the lookup failed. */
function recordFact(check: { status: CheckStatus; record?: unknown; records?: unknown; error?: unknown }, label: string, whenOne: (record: string) => Fact): Fact {
  const records = receivedRecords(check);
  if (records.length > 1) return { label, value: `${records.length} published`, note: "only one is allowed: none applies" };
  if (records.length === 1) return whenOne(records[0]!);
  if (check.status === "error") return { label, value: couldNotCheck(typeof check.error === "string" ? check.error : undefined) };
  return { label, value: "none published" };
}

function mtaStsFacts(report: ScanReport): Fact[] {
  const e = mtaStsEvidence(report);
  const facts: Fact[] = [];
  facts.push(recordFact(e, "Record", () => (e.recordId ? { label: "Record id", value: e.recordId, mono: true } : { label: "Record id", value: "invalid", ...(e.recordError ? { note: e.recordError } : {}) })));
  if (e.policy) {
    facts.push({ label: "Mode", value: e.policy.mode, mono: true });
    facts.push({ label: "max_age", value: formatSeconds(e.policy.maxAge) });
    facts.push({ label: "mx patterns", value: e.policy.mx.join(", ") || "none", mono: true });
  }
  if (e.fetch) {
    const f = e.fetch;
    const value =
      f.kind === "ok" ? `HTTP ${f.status ?? "?"}${f.contentType !== undefined ? ` · ${f.contentType ?? "no content type"}` : ""}` : f.kind === "redirect" ? "redirect (not followed)" : f.kind === "cert-invalid" ? "certificate invalid" : f.kind === "blocked-private" ? "private address, not fetched" : f.kind === "too-large" ? "larger than 64 KiB" : "unavailable";
    facts.push({ label: "Policy fetch", value, ...(f.detail ? { note: f.detail } : {}) });
  }
  if (e.coverage && e.coverage.length > 0 && e.policy) {
    const covered = e.coverage.filter((c) => c.matched).length;
    facts.push({ label: "MX covered", value: `${covered} of ${e.coverage.length}` });
  }
  // Could not check is not "no": whether senders require TLS is unknown.
  if (e.status === "error") facts.push({ label: "Policy in force", value: couldNotCheck(e.error) });
  else if (typeof e.countsAsProtection === "boolean") facts.push({ label: "Policy in force", value: e.countsAsProtection ? "yes: valid record and policy, enforce, text/plain" : "no: senders are not required to use TLS" });
  return facts;
}

function tlsRptFacts(report: ScanReport): Fact[] {
  const e = tlsRptEvidence(report);
  const facts: Fact[] = [];
  const rua = (e.rua ?? []).map((u) => u.uri);
  if (rua.length > 0) facts.push({ label: "Reports to (rua)", value: rua.join(", "), uris: rua });
  if (e.status === "error") return [recordFact(e, "Record", () => ({ label: "Record", value: "published" })), ...facts];
  const records = receivedRecords(e);
  if (records.length > 1) facts.unshift(recordFact(e, "Record", () => ({ label: "Record", value: "published" })));
  if (e.error) facts.push({ label: "Problem", value: e.error });
  if (records.length === 0 && !e.error) facts.push({ label: "Record", value: "none published" });
  return facts;
}

function daneFacts(report: ScanReport): Fact[] {
  const e = daneEvidence(report);
  const facts: Fact[] = [];
  facts.push({ label: "Domain DNSSEC", value: e.dnssec ?? "not judged" });
  if (e.resolverValidating !== undefined) facts.push({ label: "Resolver validates", value: e.resolverValidating ? "yes" : "no — DNSSEC and DANE not judged" });
  if (report.mx.length > 0) {
    const signed = report.mx.filter((m) => m.dnssec === "secure").length;
    const withTlsa = report.mx.filter((m) => (m.tlsa?.records.length ?? 0) > 0).length;
    const usable = report.mx.filter((m) => m.tlsa?.usable && m.tlsa.dnssec === "secure").length;
    const of = `of ${plural(report.mx.length, "host")}`;
    facts.push({ label: "MX addresses signed", value: `${signed} ${of}` });
    facts.push({ label: "TLSA published", value: `${withTlsa} ${of}`, note: withTlsa > 0 ? `${usable} with usable, signed records` : undefined });
  }
  return facts.map((f) => (f.note === undefined ? { label: f.label, value: f.value } : f));
}

function dmarcFacts(report: ScanReport): Fact[] {
  const e = dmarcEvidence(report);
  const p = e.parsed;
  const facts: Fact[] = [];
  if (e.policy || p) {
    facts.push({ label: "Policy (p)", value: p?.p ?? e.policy ?? "—", mono: true, ...(p?.treatedAsNone ? { note: "applied as none: the record is invalid" } : {}) });
    if (p) {
      facts.push({ label: "Subdomains (sp)", value: p.sp ?? p.effectiveSp ?? p.p ?? "—", mono: true, ...(p.sp ? {} : { note: "inherits p" }) });
      facts.push({ label: "pct", value: `${p.pct}%` });
      const rua = p.rua.map((u) => u.uri);
      facts.push(rua.length > 0 ? { label: "Aggregate reports (rua)", value: rua.join(", "), uris: rua } : { label: "Aggregate reports (rua)", value: "none" });
      const ruf = p.ruf.map((u) => u.uri);
      if (ruf.length > 0) facts.push({ label: "Failure reports (ruf)", value: ruf.join(", "), uris: ruf });
      facts.push({ label: "Alignment", value: `DKIM ${p.adkim === "s" ? "strict" : "relaxed"}, SPF ${p.aspf === "s" ? "strict" : "relaxed"}` });
    }
  }
  if (e.source) facts.push({ label: "Source", value: e.source, mono: true, ...(e.inherited ? { note: "inherited from the organizational domain" } : {}) });
  const records = receivedRecords(e);
  if (e.status === "error") facts.push({ label: "Record", value: couldNotCheck(e.error) });
  else if (records.length > 1) facts.push(recordFact(e, "Record", () => ({ label: "Record", value: "published" })));
  else if (records.length === 1 && e.record === undefined) facts.push({ label: "Record", value: "published, but receivers discard it", note: "it does not start with v=DMARC1" });
  else if (facts.length === 0) facts.push({ label: "Record", value: "none found at the domain or its organizational domain" });
  return facts;
}

function spfFacts(report: ScanReport): Fact[] {
  const e = spfEvidence(report);
  const facts: Fact[] = [];
  if (receivedRecords(e).length === 0) return [recordFact(e, "Record", () => ({ label: "Record", value: "published" }))];
  if (receivedRecords(e).length > 1) facts.push(recordFact(e, "Record", () => ({ label: "Record", value: "published" })));
  if (typeof e.lookups === "number") facts.push({ label: "DNS lookups", value: `${e.lookups} / 10` });
  if (typeof e.voidLookups === "number") facts.push({ label: "Void lookups", value: `${e.voidLookups} / 2` });
  if (e.all) facts.push({ label: "Default", value: SPF_ALL_MEANING[e.all] ?? `${e.all}all` });
  if (e.status === "error") facts.push({ label: "Evaluates to", value: couldNotCheck(e.error) });
  else if (e.outcome) facts.push({ label: "Evaluates to", value: e.outcome === "ok" ? "valid (result depends on the sending address)" : e.outcome });
  if (e.error && e.status !== "error") facts.push({ label: "Problem", value: e.error });
  if (e.macrosNotExpanded) facts.push({ label: "Macros", value: "present; not expanded by the scanner" });
  return facts;
}

/** The card summary of one area. */
export function areaSummary(report: ScanReport, key: AreaKey, now: Date): AreaSummary {
  const check = report.checks?.[key] ?? { status: "error" as const };
  const status = check.status;
  const record = typeof (check as { record?: unknown }).record === "string" ? ((check as { record: string }).record) : undefined;
  const received = key === "starttls" || key === "dane" ? [] : receivedRecords(check as { record?: unknown; records?: unknown });
  const checkError = (check as { error?: unknown }).error;
  const error = key === "starttls" ? starttlsEvidence(report).error : typeof checkError === "string" ? checkError : undefined;
  const facts =
    key === "starttls" ? starttlsFacts(report, now)
    : key === "mtaSts" ? mtaStsFacts(report)
    : key === "tlsRpt" ? tlsRptFacts(report)
    : key === "dane" ? daneFacts(report)
    : key === "dmarc" ? dmarcFacts(report)
    : spfFacts(report);
  return {
    key,
    status,
    verdict: verdictFor(report, key, status, error),
    facts: status === "n/a" && key !== "dmarc" && key !== "spf" ? [] : facts,
    ...(record !== undefined ? { record } : {}),
    ...(received.length > 1 || (received.length === 1 && record === undefined) ? { records: received } : {}),
  };
}
