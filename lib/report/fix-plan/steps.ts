/**
 * The Fix tab's plan (docs/ui.md §5.6) from one report: its `suggestions` ordered into steps, each
 * with where to publish it, which findings it addresses and staged roll-out advice.
 *
 * Content comes from `suggestions` verbatim; this module only splits zone-file lines into
 * Name/Type/Value, groups them and adds fixed advice text. Reports come through
 * readStoredReport (lib/report/stored-report.ts), which has already upgraded older shapes: an
 * empty suggestion means the scanner of the time made none. Pure.
 */
import { z } from "zod";
import { areaMeta } from "@/lib/report/areas";
import { countFindings } from "@/lib/report/summary";
import { FINDING_CATALOGUE, isFindingId, type FindingOwner } from "@/lib/scan/findings";
import { severityRank, type Finding, type ScanReport, type Suggestions } from "@/lib/scan/types";
import type { FixContext, FixStep, FixSteps, PlanFinding } from "./types";
import { splitZoneLine, type PlanRecord } from "./zone-record";

type NoMail = NonNullable<ScanReport["noMailSuggestions"]>;

/**
 * The anchor of a finding on the domain report page: `finding-<id>`, the rule of
 * lib/report/areas.ts groupFindings (ids outside the safe pattern have no stable anchor, so we
 * link to the findings section instead).
 */
export function findingAnchor(id: string): string {
  return /^[a-z0-9][a-z0-9-]{0,80}$/.test(id) ? `finding-${id}` : "findings";
}


/** The suggestion fields the spec names, the no-mail trio's and the generators' notes: anything else is an extra. */
const KNOWN_KEYS = new Set(["mtaStsPolicy", "mtaStsRecord", "tlsRptRecord", "dmarcRecord", "tlsa", "nullMxRecord", "spfRecord", "notes", "kind", "hostingNote"]);

/**
 * A suggested value, or undefined when there is none: stored reports from before a generator
 * existed have it empty (lib/report/stored-report.ts fills absent suggestions with "").
 */
const given = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== "" ? v : undefined);
const givenList = (v: readonly string[] | undefined): string[] => (v ?? []).filter((x) => x.trim() !== "");

/**
 * The generators' additions to the spec's `suggestions` (lib/scan/suggest/build.ts): the hosting
 * note and `notes` per file. They are not in the report's type, so they are parsed here; a value
 * of another shape counts as absent.
 */
const MailExtras = z.object({
  hostingNote: z.string().optional().catch(undefined),
  notes: z
    .object({
      mtaSts: z.array(z.string()).catch([]),
      tlsRpt: z.array(z.string()).catch([]),
      dmarc: z.array(z.string()).catch([]),
      tlsa: z.array(z.string()).catch([]),
    })
    .partial()
    .optional()
    .catch(undefined),
});
type MailExtras = z.output<typeof MailExtras>;
type NoteKey = keyof NonNullable<MailExtras["notes"]>;

/** The mail suggestions of a report with their extras, or undefined. */
type Mail = { s: Suggestions; extras: MailExtras } | undefined;

/** An extra suggestion: one zone-file line or a list of them. */
const ExtraLines = z.union([z.string().transform((l) => [l]), z.array(z.string())]);

function toPlanFinding(f: Finding): PlanFinding {
  return { id: f.id, severity: f.severity, title: f.title, ...(f.host ? { host: f.host } : {}), anchor: findingAnchor(f.id) };
}

function bySeverity(a: PlanFinding, b: PlanFinding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id) || (a.host ?? "").localeCompare(b.host ?? "");
}

function pick(findings: Finding[], test: (id: string) => boolean): PlanFinding[] {
  return findings.filter((f) => test(f.id)).map(toPlanFinding).sort(bySeverity);
}

function ownersOf(findings: PlanFinding[], fallback: FindingOwner[]): FindingOwner[] {
  const owners = new Set<FindingOwner>(fallback);
  for (const f of findings) if (isFindingId(f.id)) owners.add(FINDING_CATALOGUE[f.id].owner);
  return [...owners];
}

/** Lines that split into records, and the ones that did not (shown verbatim). */
function recordsOf(lines: string[]): { records: PlanRecord[]; rawLines: string[] } {
  const records: PlanRecord[] = [];
  const rawLines: string[] = [];
  for (const line of lines) {
    const rec = splitZoneLine(line);
    if (rec) records.push(rec);
    else rawLines.push(line);
  }
  return { records, rawLines };
}

/** `mode:` and `max_age:` of a policy body (first occurrence, as RFC 8461 §3.2 reads repeated keys). */
function policyFacts(text: string): { mode?: string; maxAge?: number } {
  const mode = /^mode:[ \t]*(\S+)/m.exec(text)?.[1];
  const maxAge = /^max_age:[ \t]*(\d{1,10})[ \t]*$/m.exec(text)?.[1];
  return { ...(mode ? { mode } : {}), ...(maxAge ? { maxAge: Number(maxAge) } : {}) };
}

/** Notes the generators attach to one file of the mail suggestions (`suggestions.notes[key]`). */
function notesFor(mail: Mail, key: NoteKey): string[] {
  return givenList(mail?.extras.notes?.[key]);
}

/** A step with the fields every step shares. */
function step(base: Pick<FixStep, "key" | "title" | "areaTitle" | "areaAnchor" | "purpose"> & Partial<FixStep>): FixStep {
  return { status: null, state: "todo", owners: ["DNS"], where: [], fixes: [], blockers: [], stages: [], warnings: [], notes: [], records: [], rawLines: [], ...base };
}

/** Nothing above info in the step's findings and the area passes: nothing to change. */
function settle(s: FixStep, hasSuggestion: boolean, unavailableReason: string): FixStep {
  const serious = s.fixes.some((f) => f.severity !== "info");
  if (s.status === "pass" && !serious) s.state = "in-place";
  else if (!hasSuggestion) {
    s.state = "unavailable";
    s.unavailableReason = unavailableReason;
  }
  return s;
}

const noSuggestionReason = "This scan made no suggestion for it (the domain's DNS may have failed validation, or the report predates suggestions). Rescan to get one.";

function tlsRptStep(report: ScanReport, mail: Mail, domain: string): FixStep {
  const line = given(mail?.s.tlsRptRecord);
  const { records, rawLines } = recordsOf(line ? [line] : []);
  return settle(
    step({
      key: "tls-rpt",
      title: "Publish a TLS-RPT record",
      areaTitle: "TLS-RPT",
      areaAnchor: areaMeta("tlsRpt").anchor,
      status: report.checks.tlsRpt?.status ?? null,
      purpose:
        "Senders then mail you a daily report of failed TLS connections to your MX hosts (RFC 8460): the only way to see whether MTA-STS and DANE work before you enforce them.",
      where: [`DNS zone of ${domain}: a TXT record at _smtp._tls.${domain}`],
      fixes: pick(report.findings, (id) => id.startsWith("tls-rpt-")),
      stages: ["Publish this first: the MTA-STS and DANE steps below rely on its reports.", "Check that the rua mailbox exists and accepts the reports (they arrive gzip-compressed, once a day per sender)."],
      notes: notesFor(mail, "tlsRpt"),
      records,
      rawLines,
    }),
    line !== undefined,
    noSuggestionReason,
  );
}

/** Mail-server findings that make an `enforce` policy lose mail: fix them before enforcing (RFC 8461 §5). */
const MAIL_SERVER_BLOCKERS = new Set(["starttls-not-offered", "starttls-failed", "tls-legacy-only", "cert-untrusted", "cert-name-mismatch", "cert-expired", "mta-sts-mx-tls-invalid"]);

function mtaStsStep(report: ScanReport, mail: Mail, domain: string): FixStep {
  const policy = given(mail?.s.mtaStsPolicy);
  const recordLine = given(mail?.s.mtaStsRecord);
  const hostingNote = given(mail?.extras.hostingNote);
  const { records, rawLines } = recordsOf(recordLine ? [recordLine] : []);
  const facts = policy ? policyFacts(policy) : {};
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const fixes = pick(report.findings, (id) => (id.startsWith("mta-sts-") && id !== "mta-sts-mx-tls-invalid") || id.startsWith("starttls-stripping-"));
  const blockers = pick(report.findings, (id) => MAIL_SERVER_BLOCKERS.has(id));
  const stages =
    facts.mode === "enforce"
      ? [
          "Serve the policy file first, then publish the _mta-sts record with its new id.",
          "Keep reading the TLS-RPT reports: under enforce, a sender defers mail to an MX that fails TLS.",
          "Change the id every time the file changes; senders only fetch the file again when the id changes.",
        ]
      : [
          "Serve the policy file (mode: testing), then publish the _mta-sts record with its new id.",
          "Watch the TLS-RPT reports for at least a week (two is better): every sender should report successful TLS to every MX.",
          "Then switch to mode: enforce with max_age of at least 604800 (one week) and publish a new id in the _mta-sts record.",
          "Once enforce runs cleanly, raise max_age to several weeks (e.g. 1209600) — again with a new id.",
        ];
  const warnings: string[] = [];
  if (blockers.length > 0) warnings.push("Fix the mail-server problems listed below before switching to enforce: senders refuse an MX that fails TLS under an enforce policy.");
  return settle(
    step({
      key: "mta-sts",
      title: facts.mode === "enforce" ? "Publish an MTA-STS policy (enforce)" : facts.mode ? `Publish an MTA-STS policy (${facts.mode})` : "Publish an MTA-STS policy",
      areaTitle: "MTA-STS",
      areaAnchor: areaMeta("mtaSts").anchor,
      status: report.checks.mtaSts?.status ?? null,
      owners: ownersOf([], ["Policy web host", "DNS"]),
      purpose: "Tells senders that your MX hosts always offer STARTTLS with a valid certificate, so an attacker on the path cannot strip encryption (RFC 8461).",
      // The web-host half of "where" travels with policyFile (its URL and serving rules).
      where: [
        ...(policy ? [] : [`Web host: ${url} over HTTPS with a valid certificate for mta-sts.${domain}, status 200, Content-Type: text/plain, no redirects (RFC 8461 §3.3).`]),
        `DNS zone of ${domain}: a TXT record at _mta-sts.${domain}, published after the file is served.`,
      ],
      fixes,
      blockers,
      stages,
      warnings,
      notes: notesFor(mail, "mtaSts"),
      ...(policy ? { policyFile: { text: policy, url, ...facts, ...(hostingNote ? { hostingNote } : {}), download: "mta-sts.txt" as const } } : {}),
      records,
      rawLines,
    }),
    policy !== undefined || recordLine !== undefined,
    noSuggestionReason,
  );
}

function daneStep(report: ScanReport, mail: Mail, domain: string): FixStep {
  const lines = givenList(mail?.s.tlsa);
  const { records, rawLines } = recordsOf(lines);
  const warnings: string[] = [];
  const ids = new Set(report.findings.map((f) => f.id));
  if (ids.has("dnssec-unverifiable")) {
    warnings.push("The scanner's resolver does not validate DNSSEC, so DANE could not be judged. Point MAILPOSTURE_DNS at a validating resolver and rescan.");
  } else {
    // Bogus is signed-but-failing, not unsigned (RFC 4035 §4.3): say so, and point at the DNSSEC step.
    const bogus = bogusNames(report);
    const unsigned = report.mx.filter((h) => h.dnssec === "insecure").map((h) => h.host);
    if (bogus.length > 0) {
      warnings.push(`DNSSEC validation fails for ${bogus.join(", ")}: validating senders cannot deliver there at all, with or without TLSA records. Repair DNSSEC first (the step above).`);
    }
    if (report.checks.dane?.dnssec === "insecure") {
      warnings.push(`${domain} is not DNSSEC-signed: senders ignore TLSA records until the zone is signed (and its MX answers are authenticated).`);
    } else if (unsigned.length > 0) {
      warnings.push(`Not DNSSEC-signed: ${unsigned.join(", ")}. Senders ignore TLSA records for these hosts until their zones are signed.`);
    }
  }
  const outside = [...new Set(records.map((r) => r.name).filter((n) => n !== domain && !n.endsWith(`.${domain}`)))];
  const where = [`DNS zone of each MX host: a TLSA record at _25._tcp.<mx host> (the zone must be DNSSEC-signed).`];
  if (outside.length > 0) where.push(`${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} outside ${domain}: whoever runs ${outside.length === 1 ? "that zone" : "those zones"} (often the mail provider) publishes ${outside.length === 1 ? "it" : "them"}.`);
  return settle(
    step({
      key: "dane",
      title: "Publish TLSA records (DANE)",
      areaTitle: "DANE / DNSSEC",
      areaAnchor: areaMeta("dane").anchor,
      status: report.checks.dane?.status ?? null,
      purpose: "Pins each MX host's key in DNSSEC-signed DNS, so DANE-capable senders refuse a stripped or impersonated connection (RFC 7672).",
      where,
      fixes: pick(report.findings, (id) => id.startsWith("dane-") || id === "dnssec-missing" || id === "starttls-stripping-partial" || id === "starttls-stripping-exposure"),
      stages: [
        "Publish the records; senders use them as soon as the TTL of any cached negative answer expires.",
        "Before the MX certificate's key changes, publish a record for the next key next to the current one and wait at least two TTLs (RFC 7671 §8.1).",
        "Remove the old record only after the new key is live.",
      ],
      warnings,
      notes: notesFor(mail, "tlsa"),
      records,
      rawLines,
      ...(lines.length > 0 ? { download: "tlsa.zone" as const } : {}),
    }),
    lines.length > 0,
    daneUnavailableReason(report),
  );
}

/** Names whose DNSSEC validation failed in the scan: the domain (checks.dane.dnssec) and MX hosts (address or TLSA answers). */
function bogusNames(report: ScanReport): string[] {
  const names = new Set<string>();
  if (report.checks.dane?.dnssec === "bogus") names.add(report.domain);
  for (const h of report.mx) if (h.dnssec === "bogus" || h.tlsa?.dnssec === "bogus") names.add(h.host);
  for (const f of report.findings) if (f.id === "dnssec-bogus") names.add(f.host ?? report.domain);
  return [...names];
}

/** Why the scan suggested no TLSA records, from what the endpoints actually showed. */
function daneUnavailableReason(report: ScanReport): string {
  const withCert = report.mx.filter((h) => h.endpoints.some((e) => e.certificate)).map((h) => h.host);
  if (withCert.length === 0) return "No MX host presented a certificate in this scan, so there is nothing to pin yet.";
  const bogus = bogusNames(report);
  if (bogus.length > 0) {
    return `The scan saw a certificate on ${withCert.join(", ")} but made no TLSA suggestion: DNSSEC validation fails for ${bogus.join(", ")}, and TLSA records only count in a zone that validates (RFC 7672 §2.2). Repair DNSSEC, then rescan.`;
  }
  return `The scan saw a certificate on ${withCert.join(", ")} but made no TLSA suggestion for it. ${noSuggestionReason}`;
}

/**
 * DNSSEC validation fails (dnssec-bogus): the zone is signed but its signatures or its chain of
 * trust do not validate, so validating resolvers answer SERVFAIL and their senders cannot deliver
 * (RFC 4035 §5.5). The usual causes are expired RRSIGs (signing stopped) and a DS record at the
 * parent that matches no DNSKEY (a key rollover half done, RFC 6781 §4.1). Nothing to publish:
 * the fix is in the signer or at the registrar, so the step says what broke and what to do.
 */
function dnssecStep(report: ScanReport, domain: string): FixStep | null {
  const found = report.findings.filter((f) => f.id === "dnssec-bogus");
  const names = bogusNames(report);
  if (found.length === 0 && names.length === 0) return null;
  const expired = found.some((f) => /expir/i.test(f.detail));
  const what = expired
    ? `The DNSSEC signatures of ${names.join(", ")} have expired.`
    : `DNSSEC validation fails for ${names.join(", ")}: a validating resolver answers SERVFAIL while a query with checking disabled gets an answer, so the zone is signed but its signatures or its chain of trust do not validate.`;
  return step({
    key: "dnssec",
    title: "Repair DNSSEC validation",
    areaTitle: "DANE / DNSSEC",
    areaAnchor: areaMeta("dane").anchor,
    status: report.checks.dane?.status ?? null,
    owners: ["DNS"],
    purpose: "Validating resolvers refuse answers that fail DNSSEC, so senders behind them cannot find or reach the mail servers and mail is delayed, then bounced (RFC 4035 §5.5).",
    where: [`The DNSSEC signer of each zone named below, and the DS record at its parent (the registrar of ${domain}).`],
    fixes: pick(report.findings, (id) => id === "dnssec-bogus"),
    warnings: [what],
    stages: [
      expired
        ? "Re-sign the zone now and make sure automatic re-signing runs (signatures must be refreshed well before their expiry)."
        : "Re-sign the zone and check that its signatures are current (not expired, not yet valid) on every authoritative server.",
      "Check that the DS record at the parent matches a DNSKEY the zone publishes; if a key was changed, publish the matching DS (or remove the stale one) at the registrar.",
      "Verify with a validating resolver (for example `delv` or `dig +dnssec`) that the answers validate, then rescan.",
      "If the zone cannot be repaired quickly, remove the DS record at the parent to make the zone insecure rather than bogus: mail flows again, without DNSSEC (and without DANE).",
    ],
  });
}

function dmarcStages(policy: string | undefined, domain: string): string[] {
  if (policy === "none") {
    return [
      "Publish p=none with rua: nothing is blocked yet, and aggregate reports start arriving.",
      `Read the reports for 2–4 weeks; make every legitimate sender pass SPF or DKIM aligned with ${domain}.`,
      "Then move to p=quarantine, and after another quiet period to p=reject.",
    ];
  }
  if (policy === "quarantine") {
    return [
      "Publish p=quarantine: mail that fails DMARC goes to spam instead of the inbox.",
      "Watch the aggregate reports for a few weeks for legitimate mail being quarantined.",
      "Then move to p=reject.",
    ];
  }
  return ["Publish p=reject once the reports show that all legitimate mail passes.", "Keep rua: the reports show new senders that fail before their mail is lost."];
}

/** DMARC policies by strength (RFC 7489 §6.3 p=). */
const DMARC_STRENGTH: Record<string, number> = { none: 1, quarantine: 2, reject: 3 };

/**
 * The readiness verdict on the DMARC step: it replaces the guess "read the reports for a few
 * weeks" with what the reports say, and warns when the suggested record is stricter than the
 * reports allow yet. The record itself stays the scanner's, verbatim (docs/ui.md §5.6).
 */
function withReadiness(s: FixStep, suggested: string | undefined, current: string | undefined, readiness: FixContext["dmarcReadiness"]): FixStep {
  if (!readiness) return s;
  s.readiness = readiness;
  const stricter = suggested !== undefined && (DMARC_STRENGTH[suggested] ?? 0) > (DMARC_STRENGTH[current ?? ""] ?? 0);
  if (stricter && !readiness.ready && readiness.target !== null && (DMARC_STRENGTH[suggested] ?? 0) >= (DMARC_STRENGTH[readiness.target] ?? 0) && current !== undefined) {
    s.warnings = [...s.warnings, `The suggested record moves to p=${suggested}, but the aggregate reports say not yet: keep p=${current} (with rua) until the verdict above says ready.`];
  }
  return s;
}

function dmarcStep(report: ScanReport, mail: Mail, domain: string, context: FixContext = {}): FixStep {
  const line = given(mail?.s.dmarcRecord);
  const { records, rawLines } = recordsOf(line ? [line] : []);
  const policy = records[0] ? /(?:^|;)\s*p=(none|quarantine|reject)\b/i.exec(records[0].value)?.[1]?.toLowerCase() : undefined;
  const current = report.checks.dmarc?.record && report.checks.dmarc.policy ? report.checks.dmarc.policy.toLowerCase() : undefined;
  return withReadiness(settle(
    step({
      key: "dmarc",
      title: policy ? `Publish a DMARC record (p=${policy})` : "Publish a DMARC record",
      areaTitle: "DMARC",
      areaAnchor: areaMeta("dmarc").anchor,
      status: report.checks.dmarc?.status ?? null,
      purpose: "Tells receivers what to do with mail that claims to be from you but fails SPF and DKIM alignment, and where to send reports (RFC 7489).",
      where: [`DNS zone of ${domain}: a TXT record at _dmarc.${domain}`],
      fixes: pick(report.findings, (id) => id.startsWith("dmarc-")),
      stages: dmarcStages(policy, domain),
      notes: notesFor(mail, "dmarc"),
      records,
      rawLines,
      ...(line ? { download: "dmarc.zone" as const } : {}),
    }),
    line !== undefined,
    noSuggestionReason,
  ), policy, current, context.dmarcReadiness);
}

/**
 * The no-mail trio (RFC 7505 null MX, SPF -all, DMARC p=reject) that the scanner suggests for a
 * domain that accepts no mail, in the report's `noMailSuggestions`.
 */
function noMailStep(report: ScanReport, trio: NoMail, domain: string): FixStep {
  const lines = [given(trio.nullMxRecord), given(trio.spfRecord), given(trio.dmarcRecord)].filter((l): l is string => l !== undefined);
  const { records, rawLines } = recordsOf(lines);
  const fixes = pick(report.findings, (id) => id === "mx-missing" || id.startsWith("spf-") || id.startsWith("dmarc-"));
  const s2 = step({
    key: "no-mail",
    title: "Say that the domain sends and receives no mail",
    areaTitle: "MX",
    areaAnchor: areaMeta("starttls").anchor,
    status: null,
    purpose: "A null MX makes senders bounce mail at once instead of queuing it (RFC 7505); SPF -all and DMARC p=reject make receivers reject mail forged in the domain's name.",
    where: [`DNS zone of ${domain}: the MX and TXT records at ${domain} and the TXT record at _dmarc.${domain}`],
    fixes,
    stages: ["Publish all three records together.", "Remove any other MX record: a null MX must be the only MX record of the domain (RFC 7505 §3)."],
    notes: givenList(trio.notes),
    records,
    rawLines,
    ...(lines.length > 0 ? { download: "records.zone" as const } : {}),
  });
  if (lines.length === 0) {
    s2.state = "unavailable";
    s2.unavailableReason = noSuggestionReason;
  } else if (!fixes.some((f) => f.severity !== "info") && report.checks.spf?.status === "pass" && report.checks.dmarc?.status === "pass") {
    s2.state = "in-place";
  }
  return s2;
}

/** Extra zone-file lines under keys we do not know yet: offered as they are, never dropped. */
function otherStep(suggested: Record<string, unknown>, domain: string): FixStep | null {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(suggested)) {
    if (KNOWN_KEYS.has(key) || /hosting/i.test(key)) continue;
    const parsed = ExtraLines.safeParse(value);
    for (const line of parsed.success ? givenList(parsed.data) : []) if (splitZoneLine(line)) lines.push(line);
  }
  if (lines.length === 0) return null;
  const { records, rawLines } = recordsOf(lines);
  return step({
    key: "other",
    title: "Other suggested records",
    areaTitle: "Report",
    areaAnchor: "findings",
    purpose: "Further records the scanner suggests from what it observed.",
    where: [`DNS zone of ${domain} (or the zone named by each record)`],
    records,
    rawLines,
  });
}

/** Builds the plan's steps from a report (as readStoredReport returns it, or fresh from the scanner). Pure. */
export function buildFixSteps(report: ScanReport, context: FixContext = {}): FixSteps {
  const domain = report.domain;
  // Mail suggestions live in `suggestions`; a domain that accepts no mail has `noMailSuggestions` instead.
  const mail: Mail = report.suggestions ? { s: report.suggestions, extras: MailExtras.parse(report.suggestions) } : undefined;
  const trio = mail ? undefined : report.noMailSuggestions;
  const acceptsMail = !report.findings.some((f) => f.id === "mx-null") && report.exposure?.verdict !== "no-inbound-mail";
  const steps: FixStep[] = [];
  const noMail = trio ? noMailStep(report, trio, domain) : null;
  if (noMail) steps.push(noMail);
  // A bogus zone breaks delivery outright, so its repair comes before anything to publish.
  const dnssec = dnssecStep(report, domain);
  if (dnssec) steps.push(dnssec);
  if (acceptsMail) steps.push(tlsRptStep(report, mail, domain), mtaStsStep(report, mail, domain), daneStep(report, mail, domain));
  // The no-mail trio carries its own DMARC record.
  if (!noMail) steps.push(dmarcStep(report, mail, domain, context));
  const other = otherStep(report.suggestions ?? report.noMailSuggestions ?? {}, domain);
  if (other) steps.push(other);
  const hasSuggestions = steps.some((st) => st.records.length > 0 || st.rawLines.length > 0 || st.policyFile !== undefined);
  return {
    steps,
    acceptsMail,
    drafts: { mtaSts: given(mail?.s.mtaStsPolicy) ?? "", tlsa: givenList(mail?.s.tlsa).join("\n") },
    hasSuggestions,
    seriousFindings: (() => {
      const c = countFindings(report.findings);
      return c.bySeverity.critical + c.bySeverity.high;
    })(),
  };
}

