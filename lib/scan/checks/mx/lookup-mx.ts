/**
 * The domain's mail exchangers and their addresses (RFC 5321 §5.1, RFC 7505). Observations only:
 * evaluation into findings happens in evaluate-mx.ts.
 */
import type { DnsAnswer, DnsClient, DnsDnssec, DnsOutcome } from "../../net/dns-types";

export type MxAddressLookup = { outcome: DnsOutcome; dnssec: DnsDnssec; addresses: string[]; error?: string; chainError?: DnsAnswer["chainError"] };

export type MxHostObservation = {
  host: string;
  preference: number;
  implicit: boolean;
  /** Weakest DNSSEC state of the host's A and AAAA answers. */
  dnssec: DnsDnssec;
  /** Every address of the answers (`ipv4.addresses`, `ipv6.addresses`), probed or not. */
  ipv4: MxAddressLookup;
  ipv6: MxAddressLookup;
  /** The addresses the scan probes: the first `maxAddressesPerFamily` of each family, IPv4 first. */
  addresses: string[];
  /** Addresses left out of `addresses` by the per-family limit (0 or absent when none). */
  addressesSkipped?: number;
};

/** How much of a large MX set one scan looks at (the scan budget's limits, docs/budgets.md). */
export type MxLimits = { maxMxHosts: number; maxAddressesPerFamily: number };

/** MX hosts beyond `maxMxHosts`: named, never resolved or probed. */
export type SkippedMxHost = { host: string; preference: number };

export type MxObservation =
  /**
   * MX records exist. `hosts` are the ones probed, sorted by preference, then name; `skippedHosts`
   * (absent or empty when none) the ones beyond the scan's limit, in the same order.
   */
  | { kind: "mx"; dnssec: DnsDnssec; hosts: MxHostObservation[]; skippedHosts?: SkippedMxHost[] }
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
  return {
    outcome: answer.outcome,
    dnssec: answer.dnssec,
    addresses: addressesOf(answer),
    ...(answer.error ? { error: answer.error } : {}),
    ...(answer.chainError ? { chainError: answer.chainError } : {}),
  };
}

/** Resolves one host's A and AAAA in parallel; `maxAddressesPerFamily` bounds what is probed. */
export async function lookupHostAddresses(
  dns: DnsClient,
  host: string,
  preference: number,
  implicit: boolean,
  signal?: AbortSignal,
  maxAddressesPerFamily = Infinity,
): Promise<MxHostObservation> {
  const [a, aaaa] = await Promise.all([dns.query(host, "A", { signal }), dns.query(host, "AAAA", { signal })]);
  const ipv4 = toLookup(a);
  const ipv6 = toLookup(aaaa);
  // Duplicates in an answer would only cost a second connection to the same address.
  const v4 = [...new Set(ipv4.addresses)];
  const v6 = [...new Set(ipv6.addresses)];
  // A sender tries a host's addresses one after another and gives up after a few (RFC 5321 §5.1
  // lets it limit the attempts); the first ones of each family are what most senders meet.
  const addresses = [...v4.slice(0, maxAddressesPerFamily), ...v6.slice(0, maxAddressesPerFamily)];
  const addressesSkipped = v4.length + v6.length - addresses.length;
  // A NODATA for one family says nothing bad about DNSSEC unless it is itself bogus.
  return { host, preference, implicit, dnssec: weakest(a.dnssec, aaaa.dnssec), ipv4, ipv6, addresses, ...(addressesSkipped > 0 ? { addressesSkipped } : {}) };
}

const stripDot = (name: string) => name.replace(/\.$/, "").toLowerCase();

/**
 * Looks up the MX set of `domain` and the addresses of its hosts: of the `maxMxHosts` with the
 * lowest preference only (without limits: of every host). The others are named, never resolved.
 */
export async function lookupMx(dns: DnsClient, domain: string, signal?: AbortSignal, limits?: MxLimits): Promise<MxObservation> {
  const maxHosts = limits?.maxMxHosts ?? Infinity;
  const perFamily = limits?.maxAddressesPerFamily ?? Infinity;
  const answer = await dns.query(domain, "MX", { signal });
  const dnssec = answer.dnssec;
  if (answer.outcome === "nxdomain") return { kind: "nxdomain", dnssec };
  if (answer.outcome === "nodata") {
    const implicitHost = await lookupHostAddresses(dns, domain, 0, true, signal, perFamily);
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
  // RFC 5321 §5.1: senders try the lowest preference first, so those hosts are the ones to probe.
  const sorted = [...unique].sort(([ha, pa], [hb, pb]) => pa - pb || ha.localeCompare(hb));
  const probed = sorted.slice(0, maxHosts);
  const skippedHosts = sorted.slice(probed.length).map(([host, preference]) => ({ host, preference }));
  const hosts = await Promise.all(probed.map(([host, pref]) => lookupHostAddresses(dns, host, pref, false, signal, perFamily)));
  return { kind: "mx", dnssec, hosts, ...(skippedHosts.length > 0 ? { skippedHosts } : {}) };
}
