/**
 * The DNS interface every check uses. It returns the DNSSEC state together with the answers,
 * because DANE and DNSSEC verdicts are meaningless without it, and it keeps "absent" (NXDOMAIN,
 * NODATA) apart from "unknown" (SERVFAIL, timeout, refused, malformed).
 */

export type RRType = "A" | "AAAA" | "MX" | "TXT" | "CNAME" | "TLSA" | "SOA" | "NS" | "DS" | "DNSKEY";

export type DnsOutcome =
  /** Records of the asked type exist (possibly after following CNAMEs). */
  | "ok"
  /** The name does not exist. */
  | "nxdomain"
  /** The name exists but has no records of the asked type. */
  | "nodata"
  /** The resolver failed (and the answer is not known to be DNSSEC-bogus). */
  | "servfail"
  /** No answer before the deadline from any resolver (or the caller's signal aborted: error "aborted"). */
  | "timeout"
  /** REFUSED, NOTIMP or another rcode that says nothing about the name. */
  | "refused"
  /** The answer could not be used: malformed packet, CNAME loop, too many records. */
  | "error";

/** secure = AD set; insecure = validated-as-unsigned or unvalidated; bogus = SERVFAIL that a CD query answers. */
export type DnsDnssec = "secure" | "insecure" | "bogus";

export type DnsRecord =
  | { type: "A" | "AAAA"; name: string; ttl: number; address: string }
  | { type: "MX"; name: string; ttl: number; preference: number; exchange: string }
  /** strings: the record's character-strings, decoded as UTF-8, unjoined. */
  | { type: "TXT"; name: string; ttl: number; strings: string[] }
  | { type: "CNAME"; name: string; ttl: number; target: string }
  | { type: "NS"; name: string; ttl: number; target: string }
  | { type: "TLSA"; name: string; ttl: number; usage: number; selector: number; matchingType: number; data: string /* hex */ }
  | { type: "SOA"; name: string; ttl: number; mname: string; rname: string; serial: number }
  | { type: "DS" | "DNSKEY"; name: string; ttl: number; data: string /* hex of RDATA */ };

export type DnsAnswer = {
  /** The name that was asked (normalized: lower case, no trailing dot). */
  name: string;
  type: RRType;
  outcome: DnsOutcome;
  /**
   * DNSSEC state of the final answer (of the whole CNAME chain: the weakest link decides).
   * Meaningful for ok/nodata/nxdomain only; the other outcomes carry "insecure", which claims
   * nothing. With "bogus", outcome and records are those of the checking-disabled (CD) answer:
   * data a validating sender would never see, to be reported, not trusted.
   */
  dnssec: DnsDnssec;
  /** Records of the asked type at the end of the CNAME chain; empty unless outcome is "ok". */
  records: DnsRecord[];
  /** CNAME targets followed, in order. */
  cnames: string[];
  /** A short reason for servfail/timeout/refused/error outcomes. */
  error?: string;
  /**
   * Set with outcome "error" when the zone's own CNAME data is broken (a loop, several CNAMEs at one
   * name, a chain too long to follow): a lasting misconfiguration that leaves the name without
   * usable records, unlike a timeout or a SERVFAIL, which say nothing about the name.
   */
  chainError?: "cname-loop" | "several-cnames" | "chain-too-long";
};

/** A recursive resolver to send queries to: an IP address (or a host name) and a port. */
export type DnsServerAddress = { host: string; port: number };

export interface DnsClient {
  /** Resolves one name and type; never throws for remote misbehaviour (it is data). */
  query(name: string, type: RRType, options?: { signal?: AbortSignal }): Promise<DnsAnswer>;
  /**
   * Whether the resolver(s) validate DNSSEC (spec "Resolver trust"): established once per
   * resolver from an authenticated SOA of the root or of `tld`, then cached.
   */
  isValidating(tld: string): Promise<boolean>;
}
