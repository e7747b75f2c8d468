/** MX-area findings from the MX observation (RFC 5321 §5.1, RFC 7505). Pure. */
import { makeFinding } from "../../findings";
import type { Finding } from "../../types";
import type { MxHostObservation, MxObservation } from "./lookup-mx";

const ABSENT = new Set(["nxdomain", "nodata"]);

/** A host whose A and AAAA lookups both came back absent has no address; a timeout is not "absent". */
export function isUnresolvable(h: MxHostObservation): boolean {
  return h.addresses.length === 0 && ABSENT.has(h.ipv4.outcome) && ABSENT.has(h.ipv6.outcome);
}

export function evaluateMx(domain: string, mx: MxObservation): Finding[] {
  switch (mx.kind) {
    case "null-mx":
      return [makeFinding("mx-null", { detail: `${domain} publishes a null MX ("0 ."): it accepts no mail, so inbound transport checks were skipped.` })];
    case "nxdomain":
      return [makeFinding("mx-missing", { detail: `${domain} does not exist in DNS (NXDOMAIN), so it has neither MX records nor an address to fall back to.` })];
    case "implicit": {
      const fallback = mx.hosts[0]?.addresses.length ? `mail falls back to ${domain} itself (${mx.hosts[0].addresses.join(", ")})` : `${domain} has no address either, so it cannot receive mail`;
      return [makeFinding("mx-missing", { detail: `No MX records at ${domain}; ${fallback}.` })];
    }
    case "error":
      return [];
    case "mx":
      return mx.hosts.filter(isUnresolvable).map((h) =>
        makeFinding("mx-host-unresolvable", { host: h.host, detail: `MX host ${h.host} (preference ${h.preference}) has no A or AAAA record: A ${h.ipv4.outcome}, AAAA ${h.ipv6.outcome}.` }),
      );
  }
}
