import type { DnsClient } from "../../net/dns-types";
import { parseOrganizationalDomain } from "./organizational-domain";
import { isDmarcCandidate } from "./parse-record";
import type { DmarcRecord, DmarcReportAuthorization } from "./types";

/**
 * Verifies external report destinations (RFC 7489 §7.1): when a rua/ruf host is in another
 * organizational domain than `source` (the domain whose record lists it), the host must publish
 * `<source>._report._dmarc.<host>` with a TXT record starting v=DMARC1.
 */
export async function lookupReportAuthorizations(
  dns: DnsClient,
  source: string,
  record: Pick<DmarcRecord, "rua" | "ruf">,
  options: { signal?: AbortSignal } = {},
): Promise<DmarcReportAuthorization[]> {
  const sourceOrg = parseOrganizationalDomain(source) ?? source;
  const byName = new Map<string, Promise<Pick<DmarcReportAuthorization, "authorized" | "error">>>();
  const check = (name: string) => {
    let pending = byName.get(name);
    if (pending === undefined) {
      pending = dns.query(name, "TXT", options).then((answer) => {
        // Unchecked (CD) data of a bogus answer proves nothing either way (dns-types.ts).
        if (answer.dnssec === "bogus") return { authorized: "unknown" as const, error: "DNSSEC validation failed (bogus)" };
        if (answer.outcome === "nxdomain" || answer.outcome === "nodata") return { authorized: false };
        if (answer.outcome !== "ok") return { authorized: "unknown" as const, error: answer.error ?? answer.outcome };
        // RFC 7489 §7.1: authorized when at least one TXT record begins with "v=DMARC1".
        const texts = answer.records.flatMap((r) => (r.type === "TXT" ? [r.strings.join("")] : []));
        return { authorized: texts.some(isDmarcCandidate) };
      });
      byName.set(name, pending);
    }
    return pending;
  };

  const entries = [...record.rua.map((uri) => ({ uri, tag: "rua" as const })), ...record.ruf.map((uri) => ({ uri, tag: "ruf" as const }))];
  const results = await Promise.all(
    entries.map(async ({ uri, tag }): Promise<DmarcReportAuthorization | undefined> => {
      const host = uri.host;
      // Only a domain name can publish _report._dmarc records (IP-literal hosts cannot be verified).
      if (host === undefined || host.startsWith("[") || /^[0-9.]+$/.test(host)) return undefined;
      const external = (parseOrganizationalDomain(host) ?? host) !== sourceOrg;
      if (!external) return { uri: uri.uri, tag, host, external, authorized: true };
      const name = `${source}._report._dmarc.${host}`;
      return { uri: uri.uri, tag, host, external, name, ...(await check(name)) };
    }),
  );
  return results.filter((r): r is DmarcReportAuthorization => r !== undefined);
}
