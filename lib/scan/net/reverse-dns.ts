/**
 * Reverse DNS (PTR, RFC 1035 §3.5) of one address, for naming the sources in DMARC aggregate
 * reports. Not part of a scan: the sender views look names up in the background and cache them.
 * Uses Node's stub resolver against the configured resolvers, with one attempt and a hard deadline.
 * Like every lookup here, it has three outcomes (docs/architecture.md rule 8).
 */
import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { DnsServerAddress } from "./dns-types";

export type ReverseNameResult = { outcome: "found"; name: string } | { outcome: "absent" } | { outcome: "unknown"; error: string };

export async function lookupReverseName(address: string, options: { resolvers: DnsServerAddress[]; timeoutMs: number }): Promise<ReverseNameResult> {
  if (isIP(address) === 0) return { outcome: "unknown", error: "not an IP address" };
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  // Node's resolver takes addresses only; a resolver given by name leaves the system's in place.
  const servers = options.resolvers.filter((r) => isIP(r.host) !== 0).map((r) => (isIP(r.host) === 6 ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`));
  if (servers.length > 0) resolver.setServers(servers);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<ReverseNameResult>((resolve) => {
    timer = setTimeout(() => {
      resolver.cancel();
      resolve({ outcome: "unknown", error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
  });
  const lookup = resolver.reverse(address).then(
    (names): ReverseNameResult => (names[0] ? { outcome: "found", name: names[0].toLowerCase().replace(/\.$/, "") } : { outcome: "absent" }),
    (err: NodeJS.ErrnoException): ReverseNameResult => (err.code === "ENOTFOUND" || err.code === "ENODATA" ? { outcome: "absent" } : { outcome: "unknown", error: err.code ?? err.message }),
  );
  try {
    return await Promise.race([lookup, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
