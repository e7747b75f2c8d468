/** MX-area findings from the MX observation (RFC 5321 §5.1, RFC 7505). Pure. */
import { makeFinding } from "../../findings";
import type { Finding } from "../../types";
import type { MxAddressLookup, MxHostObservation, MxObservation } from "./lookup-mx";

const ABSENT = new Set(["nxdomain", "nodata"]);
/** Names of a truncated set spelled out in a detail; the rest are counted. */
const NAMED_SKIPPED_HOSTS = 3;

/**
 * A family lookup that proves the name has no address of that family: absent (NXDOMAIN, NODATA) or
 * broken by the zone's own CNAME data (a loop, several CNAMEs, an endless chain), which no retry
 * repairs. A timeout or SERVFAIL is "unknown", never "absent".
 */
function noAddressFor(lookup: MxAddressLookup): boolean {
  return ABSENT.has(lookup.outcome) || lookup.chainError !== undefined;
}

/** A host whose A and AAAA lookups both prove it has no address; a timeout is not "absent". */
export function isUnresolvable(h: MxHostObservation): boolean {
  return h.addresses.length === 0 && noAddressFor(h.ipv4) && noAddressFor(h.ipv6);
}

/** "A nxdomain" or "A: CNAME loop at x" — the CNAME problem named, since it is the cause to fix. */
function describeLookup(family: "A" | "AAAA", lookup: MxAddressLookup): string {
  if (lookup.chainError) return `${family}: ${lookup.error ?? lookup.chainError}`;
  return `${family} ${lookup.outcome}`;
}

function unresolvableDetail(h: MxHostObservation): string {
  const broken = h.ipv4.chainError ?? h.ipv6.chainError;
  const why = `${describeLookup("A", h.ipv4)}, ${describeLookup("AAAA", h.ipv6)}`;
  if (broken === "cname-loop") return `MX host ${h.host} (preference ${h.preference}) has no A or AAAA record: its CNAME loop never reaches an address (${why}).`;
  if (broken) return `MX host ${h.host} (preference ${h.preference}) has no A or AAAA record: its CNAME records are broken (${why}).`;
  return `MX host ${h.host} (preference ${h.preference}) has no A or AAAA record: ${why}.`;
}

/**
 * Spec mx-truncated: the domain names more MX hosts, or a host more addresses, than one scan
 * probes (docs/budgets.md). One finding for the domain, with the counts probed and skipped.
 */
function truncation(domain: string, mx: Extract<MxObservation, { kind: "mx" | "implicit" }>): Finding[] {
  const parts: string[] = [];
  const skipped = mx.kind === "mx" ? (mx.skippedHosts ?? []) : [];
  if (skipped.length > 0) {
    const named = skipped.slice(0, NAMED_SKIPPED_HOSTS).map((s) => `${s.host} (preference ${s.preference})`);
    const more = skipped.length > named.length ? ` and ${skipped.length - named.length} more` : "";
    parts.push(
      `${domain} names ${mx.hosts.length + skipped.length} MX hosts; the scan probed the ${mx.hosts.length} with the lowest preference and skipped ${skipped.length}: ${named.join(", ")}${more}.`,
    );
  }
  for (const h of mx.hosts) {
    if (!h.addressesSkipped) continue;
    const total = h.addresses.length + h.addressesSkipped;
    parts.push(`${h.host} has ${total} addresses (${h.ipv4.addresses.length} IPv4, ${h.ipv6.addresses.length} IPv6); the scan probed ${h.addresses.length} and skipped ${h.addressesSkipped}.`);
  }
  if (parts.length === 0) return [];
  return [makeFinding("mx-truncated", { detail: `${parts.join(" ")} Skipped hosts and addresses were neither connected to nor judged.` })];
}

export function evaluateMx(domain: string, mx: MxObservation): Finding[] {
  switch (mx.kind) {
    case "null-mx":
      return [makeFinding("mx-null", { detail: `${domain} publishes a null MX ("0 ."): it accepts no mail, so inbound transport checks were skipped.` })];
    case "nxdomain":
      return [makeFinding("mx-missing", { detail: `${domain} does not exist in DNS (NXDOMAIN), so it has neither MX records nor an address to fall back to.` })];
    case "implicit": {
      const fallback = mx.hosts[0]?.addresses.length ? `mail falls back to ${domain} itself (${mx.hosts[0].addresses.join(", ")})` : `${domain} has no address either, so it cannot receive mail`;
      return [makeFinding("mx-missing", { detail: `No MX records at ${domain}; ${fallback}.` }), ...truncation(domain, mx)];
    }
    case "error":
      return [];
    case "mx":
      return [
        ...mx.hosts.filter(isUnresolvable).map((h) => makeFinding("mx-host-unresolvable", { host: h.host, detail: unresolvableDetail(h) })),
        ...truncation(domain, mx),
      ];
  }
}
