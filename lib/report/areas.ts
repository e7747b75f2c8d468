/**
 * The six report areas in their fixed order (docs/ui.md §5.2: consultants say "third card"), which
 * findings belong to which area, stable anchors, and finding groups. Pure.
 */
import { FINDING_CATALOGUE, isFindingId, type FindingEffort, type FindingOwner } from "@/lib/scan/findings";
import type { Checks, Finding, Severity } from "@/lib/scan/types";
import { severityRank } from "./verdict";

export type AreaKey = keyof Checks;

export type AreaMeta = {
  key: AreaKey;
  title: string;
  /** Stable fragment id (`#mta-sts`) for links in e-mails and tickets. */
  anchor: string;
  /** One line: what this area protects. */
  purpose: string;
  /** What the check means, in two or three sentences. */
  explanation: string;
  /** The governing references. */
  rfc: string;
};

export const AREAS: readonly AreaMeta[] = [
  {
    key: "starttls",
    title: "MX & STARTTLS",
    anchor: "mx-starttls",
    purpose: "Which servers receive the domain's mail, and whether they encrypt it in transit.",
    explanation:
      "Senders look up the MX records and connect to each mail server on port 25. STARTTLS upgrades that connection to TLS; without it, mail crosses the network in plain text. Senders without MTA-STS or DANE accept any certificate, so a failing certificate matters most where a policy requires a valid one. An address the scanner could not reach is inconclusive, not a failure: port 25 is blocked on many networks.",
    rfc: "RFC 5321 §5.1; RFC 3207 §2; RFC 8996",
  },
  {
    key: "mtaSts",
    title: "MTA-STS",
    anchor: "mta-sts",
    purpose: "A policy on a web server telling senders to insist on valid TLS.",
    explanation:
      "MTA-STS is a TXT record at `_mta-sts.<domain>` announcing a policy file at `https://mta-sts.<domain>/.well-known/mta-sts.txt`. In `enforce` mode, senders that support it refuse to deliver to an MX that is not listed in the policy or does not present a valid certificate — which stops STARTTLS stripping after the first contact. `testing` mode only reports failures.",
    rfc: "RFC 8461 §3; RFC 8461 §5",
  },
  {
    key: "tlsRpt",
    title: "TLS-RPT",
    anchor: "tls-rpt",
    purpose: "Where senders report TLS failures on the way to the domain.",
    explanation:
      "A TXT record at `_smtp._tls.<domain>` names addresses (`rua`, mailto: or https:) that receive daily reports from senders about failed TLS connections and policy problems. It is how you learn that an MTA-STS or DANE change would block mail before it does.",
    rfc: "RFC 8460 §3",
  },
  {
    key: "dane",
    title: "DANE / DNSSEC",
    anchor: "dane",
    purpose: "Certificates pinned in signed DNS, so senders can verify the server from the first message.",
    explanation:
      "With DNSSEC-signed zones, TLSA records at `_25._tcp.<mx>` tell DANE-validating senders which key or CA the server must present; they then refuse to send if it does not match. Only usage 2 (DANE-TA) and 3 (DANE-EE) records count for SMTP, and only when both the MX host's address records and its TLSA records are DNSSEC-authenticated.",
    rfc: "RFC 7672 §2.2; RFC 7672 §3.1.3; RFC 7671 §8.1",
  },
  {
    key: "dmarc",
    title: "DMARC",
    anchor: "dmarc",
    purpose: "What receivers should do with mail that falsely claims to come from the domain.",
    explanation:
      "A TXT record at `_dmarc.<domain>` (or at the organizational domain) sets a policy for mail whose From domain fails SPF and DKIM alignment: `none` only reports, `quarantine` sends it to spam, `reject` refuses it. `rua` addresses receive aggregate reports; an address in another organization must authorize them.",
    rfc: "RFC 7489 §6.3; RFC 7489 §6.6.3; RFC 7489 §7.1",
  },
  {
    key: "spf",
    title: "SPF",
    anchor: "spf",
    purpose: "Which servers may send mail for the domain.",
    explanation:
      "A `v=spf1` TXT record lists the addresses allowed to send mail using the domain in the envelope sender, ending in `-all` (fail others), `~all` (soft fail) or the permissive `?all`/`+all`. Evaluating it may cost at most 10 DNS-querying terms and 2 void lookups; beyond that receivers treat it as an error.",
    rfc: "RFC 7208 §4.6.4; RFC 7208 §5.1",
  },
];

export function areaMeta(key: AreaKey): AreaMeta {
  return AREAS.find((a) => a.key === key)!;
}

/** Where a finding is shown: its area card, or the exposure card for the stripping verdict. */
export type FindingPlace = AreaKey | "exposure";

const PREFIX_PLACE: [string, FindingPlace][] = [
  ["starttls-stripping-", "exposure"],
  ["mta-sts-", "mtaSts"],
  ["tls-rpt-", "tlsRpt"],
  ["dane-", "dane"],
  ["dnssec-", "dane"],
  ["dmarc-", "dmarc"],
  ["spf-", "spf"],
];

export function placeOfFinding(id: string): FindingPlace {
  if (isFindingId(id)) {
    const area = FINDING_CATALOGUE[id].area;
    if (area === "mx" || area === "starttls") return "starttls";
    if (area === "exposure") return "exposure";
    // History findings are about the MTA-STS policy (RFC 8461 §8.1).
    if (area === "history") return "mtaSts";
    return area;
  }
  return PREFIX_PLACE.find(([p]) => id.startsWith(p))?.[1] ?? "starttls";
}

/** Ids a file on the Fix page resolves (mta-sts.txt, the TLS-RPT/DMARC records, TLSA records). */
export function hasSuggestedFix(id: string): boolean {
  return /^(mta-sts-|tls-rpt-|dmarc-|dane-|starttls-stripping-)/.test(id);
}

/** One finding id, with every host it was raised for. */
export type FindingGroup = {
  id: string;
  /** `finding-<id>`: a fragment id from the catalogue id only, never from other scan data. */
  anchor: string;
  severity: Severity;
  title: string;
  explanation?: string;
  fix: string;
  rfc?: string;
  owner?: FindingOwner;
  effort?: FindingEffort;
  place: FindingPlace;
  /** Each raised instance: host (when one) and the observed detail. */
  items: { host?: string; detail: string }[];
};

const SAFE_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
const CATALOGUE_ORDER = new Map(Object.keys(FINDING_CATALOGUE).map((id, i) => [id, i]));

/** Findings grouped by id, worst severity first, then in catalogue order. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  let other = 0;
  for (const f of findings) {
    let g = groups.get(f.id);
    if (!g) {
      const def = isFindingId(f.id) ? FINDING_CATALOGUE[f.id] : undefined;
      g = {
        id: f.id,
        anchor: SAFE_ID.test(f.id) ? `finding-${f.id}` : `finding-other-${++other}`,
        severity: f.severity,
        title: def?.title ?? f.title,
        fix: def?.fix ?? f.fix,
        place: placeOfFinding(f.id),
        items: [],
        ...(def ? { explanation: def.explanation, rfc: def.rfc, owner: def.owner, effort: def.effort } : {}),
      };
      groups.set(f.id, g);
    }
    if (severityRank(f.severity) < severityRank(g.severity)) g.severity = f.severity;
    g.items.push(f.host ? { host: f.host, detail: f.detail } : { detail: f.detail });
  }
  return [...groups.values()].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || (CATALOGUE_ORDER.get(a.id) ?? Infinity) - (CATALOGUE_ORDER.get(b.id) ?? Infinity) || a.id.localeCompare(b.id),
  );
}

/** The anchor of a finding id within a report's groups (for "Why not higher" links). */
export function anchorOf(groups: readonly FindingGroup[], id: string): string | undefined {
  return groups.find((g) => g.id === id)?.anchor;
}

/** Worst severity among groups, for an area chip's urgency. */
export function worstSeverity(groups: readonly FindingGroup[]): Severity | undefined {
  return groups.reduce<Severity | undefined>((w, g) => (w === undefined || severityRank(g.severity) < severityRank(w) ? g.severity : w), undefined);
}
