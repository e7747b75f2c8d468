/**
 * Whether a report mail comes from whom it says. Anyone who learns the reporting address can mail
 * a report, and a forged "starttls-not-supported" from two made-up organisations would otherwise
 * raise the stripping alarm; so a mail report counts (alerts, views marked verified) only when:
 * - TLS-RPT mail (RFC 8460 §5.3): a DKIM signature (RFC 6376) verifies for the domain in
 *   `TLS-Report-Submitter` (or a parent or child of it), and — checked once the report is parsed,
 *   see `submitterMatchesContact` — the report's `contact-info` belongs to that same domain;
 * - DMARC aggregate mail (RFC 7489 §7.2.1.1): the From domain passes DMARC (RFC 7489 §3.1,
 *   §6.6) through an aligned DKIM signature. SPF cannot count: a mailbox read over IMAP does not
 *   say which address delivered the message.
 * Lookups go through the scanner's own DNS client (the configured resolvers, real wire protocol).
 */
import { dkimVerify, dmarc, type DNSResolver } from "mailauth";
import type { DnsClient, RRType } from "@/lib/scan/net/dns-types";

export type MailAuthenticity = {
  verified: boolean;
  /** One sentence for the raw report's record: what passed, or why it did not. */
  reason: string;
  /** Signing domains whose DKIM signatures verified. */
  dkimDomains: string[];
};

export type MailAuthenticator = (source: Buffer, headers: { tlsReportSubmitter?: string }) => Promise<MailAuthenticity>;

const RESOLVABLE = new Set<RRType>(["TXT", "A", "AAAA", "MX", "CNAME", "NS"]);

function dnsError(code: string, name: string): Error {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

/**
 * mailauth's resolver contract is Node's `dns.resolve(name, type)`: TXT as lists of strings,
 * ENOTFOUND / ENODATA for a name or type that does not exist (which DKIM and DMARC treat as
 * "no key" / "no policy"), any other error code as a temporary failure.
 */
export function mailauthResolver(dns: DnsClient): DNSResolver {
  return async (name, rrtype) => {
    const type = rrtype.toUpperCase() as RRType;
    if (!RESOLVABLE.has(type)) throw dnsError("ENOTIMP", name);
    const answer = await dns.query(name, type);
    // A bogus answer is what a validating resolver would refuse: a temporary failure, never data.
    if (answer.dnssec === "bogus") throw dnsError("ESERVFAIL", name);
    if (answer.outcome === "nxdomain") throw dnsError("ENOTFOUND", name);
    if (answer.outcome === "nodata") throw dnsError("ENODATA", name);
    if (answer.outcome !== "ok") throw dnsError(answer.outcome === "timeout" ? "ETIMEOUT" : "ESERVFAIL", name);
    const out: unknown[] = [];
    for (const r of answer.records) {
      if (r.type === "TXT") out.push(r.strings);
      else if (r.type === "A" || r.type === "AAAA") out.push(r.address);
      else if (r.type === "MX") out.push({ exchange: r.exchange, priority: r.preference });
      else if (r.type === "CNAME" || r.type === "NS") out.push(r.target);
    }
    return out as string[][] | string[];
  };
}

function cleanDomain(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, "");
}

/** Same domain, or one a subdomain of the other (relaxed, like DMARC's alignment, without a suffix list). */
function related(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** The domain a report's `contact-info` names: the part after `@` of an address, or a URL's host. */
export function contactDomain(contact: string): string | undefined {
  const text = contact.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return cleanDomain(new URL(text).hostname) || undefined;
    } catch {
      return undefined;
    }
  }
  const at = text.lastIndexOf("@");
  const domain = cleanDomain(at >= 0 ? text.slice(at + 1) : text).replace(/^mailto:/, "");
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : undefined;
}

/** RFC 8460 §5.3: the submitter that signed the mail is the organisation the report names. */
export function submitterMatchesContact(submitter: string | undefined, contactInfo: string | undefined): boolean {
  if (!submitter || !contactInfo) return false;
  const contact = contactDomain(contactInfo);
  return contact !== undefined && related(cleanDomain(submitter), contact);
}

/** Checks one report mail's DKIM signatures and, for DMARC report mail, the From domain's DMARC. */
export async function checkReportMail(
  source: Buffer,
  headers: { tlsReportSubmitter?: string },
  resolver: DNSResolver,
  now: Date = new Date(),
): Promise<MailAuthenticity> {
  let verifiedDkim: { domain: string; underSized: boolean; id?: string }[];
  let headerFrom: string[];
  try {
    const result = await dkimVerify(source, { resolver, curTime: now });
    verifiedDkim = result.results
      .filter((r) => r.status.result === "pass")
      .map((r) => ({ domain: cleanDomain(r.signingDomain), underSized: Boolean(r.status.underSized), ...(r.id ? { id: r.id } : {}) }));
    headerFrom = result.headerFrom ?? [];
  } catch (err) {
    return { verified: false, reason: `The message could not be checked: ${err instanceof Error ? err.message : String(err)}`, dkimDomains: [] };
  }
  const dkimDomains = [...new Set(verifiedDkim.map((d) => d.domain))];

  if (headers.tlsReportSubmitter !== undefined) {
    const submitter = cleanDomain(headers.tlsReportSubmitter);
    const signer = dkimDomains.find((d) => related(d, submitter));
    if (signer) return { verified: true, reason: `DKIM signature of ${signer} verified for TLS-Report-Submitter ${submitter}`, dkimDomains };
    return {
      verified: false,
      reason: dkimDomains.length > 0 ? `No DKIM signature of ${submitter} (the TLS-Report-Submitter); verified signatures: ${dkimDomains.join(", ")}` : `No DKIM signature verified (TLS-Report-Submitter ${submitter})`,
      dkimDomains,
    };
  }

  const from = headerFrom[0];
  if (!from) return { verified: false, reason: "The message has no From address", dkimDomains };
  // RFC 7489 §6.6.1: a message with several From addresses has no single Author Domain to check.
  if (headerFrom.length > 1) return { verified: false, reason: "The message has more than one From address", dkimDomains };
  const result = await dmarc({ headerFrom, spfDomains: [], dkimDomains: verifiedDkim, resolver }).catch(() => false as const);
  const fromDomain = cleanDomain(from.slice(from.lastIndexOf("@") + 1));
  if (result && result.status.result === "pass") return { verified: true, reason: `DMARC pass for ${fromDomain} through an aligned DKIM signature`, dkimDomains };
  const outcome = result ? result.status.result : "not evaluated";
  return { verified: false, reason: `DMARC ${outcome} for ${fromDomain}${dkimDomains.length > 0 ? ` (verified DKIM: ${dkimDomains.join(", ")})` : " (no DKIM signature verified)"}`, dkimDomains };
}

/** The authenticator the mailbox poller uses: `checkReportMail` over one DNS client per message. */
export function dnsMailAuthenticator(newDnsClient: () => DnsClient): MailAuthenticator {
  return (source, headers) => checkReportMail(source, headers, mailauthResolver(newDnsClient()));
}
