/**
 * What a finding does to the domain's mail, in the words a reader acts on (docs/ui.md §5.2: the
 * verdict leads with the consequence, then names the cause). Pure; one table, used by the report
 * headline, the PDF model and the CLI summary alike.
 *
 * - `mail-refused`: senders that enforce MTA-STS, DANE or DNSSEC refuse or bounce mail right now.
 * - `readable-on-path`: an attacker on the network path can strip STARTTLS and read or change mail.
 * - `spoofable`: anyone can send mail that claims to come from the domain (DMARC/SPF).
 * - `hygiene`: nothing breaks today; worth tidying.
 */
import { SEVERITY_PENALTY } from "@/lib/scan/score";
import type { Finding } from "@/lib/scan/types";

export type Consequence = "mail-refused" | "readable-on-path" | "spoofable" | "hygiene";

/** Most urgent first. */
export const CONSEQUENCE_ORDER: readonly Consequence[] = ["mail-refused", "readable-on-path", "spoofable", "hygiene"];

/**
 * Certificate and policy-coverage problems refuse mail only where an MTA-STS policy in `enforce`
 * mode covers the MX — the scanner marks exactly that context `critical` (RFC 8461 §4.2, §5;
 * spec "Finding catalogue": context decides the severity). Elsewhere senders deliver anyway
 * (opportunistic TLS accepts any certificate, RFC 7435) and the exposure finding carries the risk.
 */
const REFUSED_WHEN_CRITICAL = new Set(["mta-sts-mx-mismatch", "mta-sts-mx-tls-invalid", "cert-untrusted", "cert-name-mismatch", "cert-expired", "cert-expiring-soon"]);

/** Always refused: DANE senders will not deliver on a mismatch (RFC 7672 §2.2); validating resolvers answer SERVFAIL for bogus data (RFC 4035 §5.5). */
const ALWAYS_REFUSED = new Set(["dane-tlsa-mismatch", "dnssec-bogus"]);

/**
 * Missing or broken transport protection. A policy that cannot be fetched is not a refusal: senders
 * with a cached, unexpired policy keep applying it, and senders without one deliver as though the
 * domain had no MTA-STS (RFC 8461 §5.1) — so mail stays deliverable but loses its protection.
 */
const READABLE = new Set([
  "starttls-stripping-exposure",
  "starttls-stripping-partial",
  "starttls-not-offered",
  "starttls-failed",
  "tls-legacy-only",
  "mta-sts-record-invalid",
  "mta-sts-policy-unavailable",
  "mta-sts-policy-redirect",
  "mta-sts-policy-cert-invalid",
  "mta-sts-policy-invalid",
  "mta-sts-policy-content-type",
  "mta-sts-policy-without-record",
  "mta-sts-testing",
  "mta-sts-missing",
  "dnssec-missing",
]);

/** DMARC/SPF weaknesses that let forged mail through (RFC 7489 §6.3, RFC 7208 §2.6). Reporting-only gaps are hygiene. */
const SPOOFING = new Set(["dmarc-missing", "dmarc-invalid", "dmarc-policy-none", "dmarc-pct-partial", "dmarc-subdomain-weaker", "spf-missing", "spf-invalid", "spf-multiple", "spf-permissive", "spf-too-many-lookups", "spf-void-lookups", "spf-softfail"]);

/** The consequence of one finding. Info findings never lead a headline. */
export function consequenceOf(f: Pick<Finding, "id" | "severity">): Consequence {
  if (f.severity === "info") return "hygiene";
  if (ALWAYS_REFUSED.has(f.id)) return "mail-refused";
  if (REFUSED_WHEN_CRITICAL.has(f.id)) return f.severity === "critical" ? "mail-refused" : "hygiene";
  if (READABLE.has(f.id)) return "readable-on-path";
  if (SPOOFING.has(f.id)) return "spoofable";
  // Any other critical finding is, by the spec's definition of critical, mail lost right now.
  return f.severity === "critical" ? "mail-refused" : "hygiene";
}

/**
 * The consequence a headline should lead with. Mail refused right now always leads (it is urgent
 * and silent). Otherwise the consequence whose findings cost the grade most leads — so a domain
 * graded D for broken DMARC/SPF leads with spoofing, not with transport — ties in CONSEQUENCE_ORDER.
 * Each id is charged once, as the score table does (lib/scan/score.ts).
 */
export function leadingConsequence(findings: readonly Finding[]): Consequence | undefined {
  const cost = new Map<Consequence, Map<string, number>>();
  for (const f of findings) {
    const c = consequenceOf(f);
    if (c === "hygiene" && f.severity === "info") continue;
    const ids = cost.get(c) ?? new Map<string, number>();
    ids.set(f.id, Math.max(ids.get(f.id) ?? 0, SEVERITY_PENALTY[f.severity] ?? 0));
    cost.set(c, ids);
  }
  if (cost.has("mail-refused")) return "mail-refused";
  let best: Consequence | undefined;
  let bestCost = -1;
  for (const c of CONSEQUENCE_ORDER) {
    const ids = cost.get(c);
    if (!ids) continue;
    const sum = [...ids.values()].reduce((a, b) => a + b, 0);
    if (sum > bestCost) {
      best = c;
      bestCost = sum;
    }
  }
  return best;
}

function hostList(hosts: readonly string[]): string {
  if (hosts.length <= 1) return hosts[0] ?? "";
  return `${hosts.slice(0, -1).join(", ")} and ${hosts[hosts.length - 1]}`;
}

function trimStop(s: string): string {
  return s.trim().replace(/[.\s]+$/, "");
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Why mail is refused, per id, for the hosts concerned ("it is not listed in the policy"). */
function refusedCause(id: string, detail: string, title: string, plural: boolean): string {
  const it = plural ? "they" : "it";
  const its = plural ? "their" : "its";
  switch (id) {
    case "mta-sts-mx-mismatch":
      return `${it} ${plural ? "are" : "is"} not listed in the policy`;
    case "mta-sts-mx-tls-invalid":
      return `${its} TLS does not meet the policy (${lowerFirst(trimStop(title))})`;
    case "cert-expired":
      return `${its} certificate has expired`;
    case "cert-untrusted":
      return `${its} certificate is not trusted`;
    case "cert-name-mismatch":
      return `${its} certificate is not for the host name`;
    case "cert-expiring-soon":
      return `${its} certificate is about to expire`;
    case "dane-tlsa-mismatch":
      return `none of ${its} TLSA records matches the certificate presented`;
    case "dnssec-bogus":
      return /expired/i.test(detail) ? `${its} DNSSEC signatures have expired` : `${its} DNSSEC signatures fail validation`;
    default:
      return lowerFirst(trimStop(title));
  }
}

function whoRefuses(id: string): string {
  if (id === "dane-tlsa-mismatch") return "Senders that validate DANE will refuse mail to";
  if (id === "dnssec-bogus") return "Senders that validate DNSSEC cannot deliver mail to";
  if (id.startsWith("mta-sts-") || id.startsWith("cert-")) return "Senders that enforce MTA-STS will refuse mail to";
  return "Senders may refuse mail to";
}

const READABLE_CAUSE: Record<string, (hosts: string) => string> = {
  "starttls-not-offered": (h) => `${h || "an MX host"} does not offer STARTTLS`,
  "starttls-failed": (h) => `STARTTLS fails on ${h || "an MX host"}`,
  "tls-legacy-only": (h) => `${h || "an MX host"} offers only TLS older than 1.2`,
  "starttls-stripping-exposure": (h) => `no MTA-STS policy in enforce mode and no valid DANE record protects ${h || "its mail servers"}`,
  "starttls-stripping-partial": () => "only one class of sender is protected (MTA-STS or DANE, not both)",
  "mta-sts-missing": () => "it publishes no MTA-STS policy",
  "mta-sts-testing": () => "its MTA-STS policy is only in testing mode",
  "dnssec-missing": () => "its DNS is not DNSSEC-signed",
};

const SPOOF_CAUSE: Record<string, string> = {
  "dmarc-missing": "it publishes no DMARC record",
  "dmarc-invalid": "its DMARC record is malformed, so receivers ignore it",
  "dmarc-policy-none": "its DMARC policy is p=none, so spoofed mail is delivered",
  "spf-missing": "it publishes no SPF record",
  "spf-invalid": "its SPF record is broken (permerror)",
  "spf-multiple": "it publishes more than one SPF record (permerror)",
  "spf-permissive": "its SPF record lets any server send",
};

/** The findings of one id, worst first within the consequence: the one a headline names. */
function causeFindings(findings: readonly Finding[], consequence: Consequence): Finding[] {
  const mine = findings.filter((f) => consequenceOf(f) === consequence && f.severity !== "info");
  if (mine.length === 0) return [];
  const rank = (f: Finding) => -(SEVERITY_PENALTY[f.severity] ?? 0);
  const first = [...mine].sort((a, b) => rank(a) - rank(b))[0]!;
  return mine.filter((f) => f.id === first.id);
}

/**
 * The headline: the leading consequence, then its cause, naming hosts ("Senders that enforce
 * MTA-STS will refuse mail to mx2.example.com: it is not listed in the policy."). Null MX and a clean
 * report have their own sentences, and a scan that could not be graded leads with why.
 */
export function consequenceHeadline(report: { domain: string; findings: readonly Finding[]; notGraded?: string }): string {
  const { domain, findings } = report;
  // Nothing was observed to judge (docs/report-format.md `notGraded`): a consequence built from the
  // findings of a name that does not exist, or of lookups that all failed, would claim what nobody saw.
  if (report.notGraded) return `${domain} is not graded: ${report.notGraded}.`;
  const lead = leadingConsequence(findings);
  if (findings.some((f) => f.id === "mx-null")) {
    const rest = lead && lead !== "hygiene" ? ` ${consequenceHeadline({ domain, findings: findings.filter((f) => f.id !== "mx-null") })}` : "";
    return `${domain} accepts no mail (null MX), so the transport checks were skipped.${rest}`;
  }
  if (!lead) return `No problems were found for ${domain}: every check passed.`;
  const cause = causeFindings(findings, lead);
  const first = cause[0]!;
  const hosts = [...new Set(cause.map((f) => f.host).filter((h): h is string => !!h))];
  switch (lead) {
    case "mail-refused": {
      const target = hosts.length > 0 ? hostList(hosts) : domain;
      return `${whoRefuses(first.id)} ${target}: ${refusedCause(first.id, first.detail, first.title, hosts.length > 1)}.`;
    }
    case "readable-on-path": {
      const why = READABLE_CAUSE[first.id]?.(hostList(hosts)) ?? lowerFirst(trimStop(first.title));
      return `An attacker on the network path can read or change mail to ${domain}: ${why}.`;
    }
    case "spoofable":
      return `Anyone can send mail that claims to come from ${domain}: ${SPOOF_CAUSE[first.id] ?? lowerFirst(trimStop(first.title))}.`;
    case "hygiene":
      return `${domain} is well protected, with minor issues: ${lowerFirst(trimStop(first.title))}.`;
  }
}
