/**
 * The domain's mail exchangers and their addresses (RFC 5321 §5.1, RFC 7505). Observations only:
 * evaluation into findings happens in evaluate-mx.ts.
 */
import type { DnsAnswer, DnsClient, DnsDnssec, DnsOutcome } from "../../net/dns-types";

export type MxAddressLookup = { outcome: DnsOutcome; dnssec: DnsDnssec; addresses: string[]; error?: string };

export type MxHostObservation = {
  host: string;
  preference: number;
  implicit: boolean;
  /** Weakest DNSSEC state of the host's A and AAAA answers. */
  dnssec: DnsDnssec;
  ipv4: MxAddressLookup;
  ipv6: MxAddressLookup;
  addresses: string[];
};

export type MxObservation =
  /** MX records exist (hosts sorted by preference, then name). */
  | { kind: "mx"; dnssec: DnsDnssec; hosts: MxHostObservation[] }
  /** RFC 7505 null MX: the domain accepts no mail. */
  | { kind: "null-mx"; dnssec: DnsDnssec }
  /** No MX records: RFC 5321 §5.1 implicit MX, the domain's own A/AAAA (hosts may be empty). */
  | { kind: "implicit"; dnssec: DnsDnssec; hosts: MxHostObservation[] }
  /** The domain does not exist. */
  | { kind: "nxdomain"; dnssec: DnsDnssec }
  /** The MX lookup failed (servfail, timeout, refused, malformed): unknown, not absent. */
  | { kind: "error"; dnssec: DnsDnssec; outcome: DnsOutcome; error: string };

function addressesOf(answer: DnsAnswer): string[] {
  return answer.records.flatMap((r) => (r.type === "A" || r.type === "AAAA" ? [r.address] : []));
}

function weakest(a: DnsDnssec, b: DnsDnssec): DnsDnssec {
  if (a === "bogus" || b === "bogus") return "bogus";
  if (a === "insecure" || b === "insecure") return "insecure";
  return "secure";
}

function toLookup(answer: DnsAnswer): MxAddressLookup {
  return { outcome: answer.outcome, dnssec: answer.dnssec, addresses: addressesOf(answer), ...(answer.error ? { error: answer.error } : {}) };
}

/** Resolves one host's A and AAAA in parallel. */
export async function lookupHostAddresses(dns: DnsClient, host: string, preference: number, implicit: boolean, signal?: AbortSignal): Promise<MxHostObservation> {
  const [a, aaaa] = await Promise.all([dns.query(host, "A", { signal }), dns.query(host, "AAAA", { signal })]);
  const ipv4 = toLookup(a);
  const ipv6 = toLookup(aaaa);
  // A NODATA for one family says nothing bad about DNSSEC unless it is itself bogus.
  return { host, preference, implicit, dnssec: weakest(a.dnssec, aaaa.dnssec), ipv4, ipv6, addresses: [...ipv4.addresses, ...ipv6.addresses] };
}

const stripDot = (name: string) => name.replace(/\.$/, "").toLowerCase();

/** Looks up the MX set of `domain` and the addresses of every host in it. */
export async function lookupMx(dns: DnsClient, domain: string, signal?: AbortSignal): Promise<MxObservation> {
  const answer = await dns.query(domain, "MX", { signal });
  const dnssec = answer.dnssec;
  if (answer.outcome === "nxdomain") return { kind: "nxdomain", dnssec };
  if (answer.outcome === "nodata") {
    const implicitHost = await lookupHostAddresses(dns, domain, 0, true, signal);
    return { kind: "implicit", dnssec, hosts: implicitHost.addresses.length > 0 || implicitHost.ipv4.outcome !== "nxdomain" ? [implicitHost] : [] };
  }
  if (answer.outcome !== "ok") return { kind: "error", dnssec, outcome: answer.outcome, error: answer.error ?? answer.outcome };

  const records = answer.records.flatMap((r) => (r.type === "MX" ? [{ preference: r.preference, exchange: stripDot(r.exchange) }] : []));
  // RFC 7505 §3: a null MX is a single record with preference 0 and the root as exchange.
  if (records.length === 1 && records[0]!.exchange === "") return { kind: "null-mx", dnssec };
  const unique = new Map<string, number>();
  for (const r of records) {
    if (r.exchange === "") continue; // a null MX mixed with real ones is ignored (RFC 7505 §3 says MUST NOT publish)
    unique.set(r.exchange, Math.min(unique.get(r.exchange) ?? Infinity, r.preference));
  }
  const sorted = [...unique].sort(([ha, pa], [hb, pb]) => pa - pb || ha.localeCompare(hb));
  const hosts = await Promise.all(sorted.map(([host, pref]) => lookupHostAddresses(dns, host, pref, false, signal)));
  return { kind: "mx", dnssec, hosts };
}
