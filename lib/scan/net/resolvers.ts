/**
 * Where the scanner's DNS queries go: the MAILPOSTURE_DNS list or the system's resolv.conf. The
 * private-address guard never applies to these: a resolver on loopback is the normal case.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { DNS_DEFAULT_PORT } from "../defaults";
import type { DnsServerAddress } from "./dns-types";

/** Thrown by parseResolverList; the message names the bad entry and says what was expected. */
export class ResolverListError extends Error {
  override name = "ResolverListError";
}

const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * Parses the MAILPOSTURE_DNS format: comma-separated `host[:port]`, where host is an IPv4
 * address, a host name, `[IPv6]` (optionally followed by `:port`) or a bare IPv6 address (which
 * then takes no port). Throws ResolverListError on bad input.
 */
export function parseResolverList(value: string): DnsServerAddress[] {
  const entries = value.split(",").map((e) => e.trim());
  if (entries.every((e) => e === "")) throw new ResolverListError("No resolver given: expected host[:port], comma-separated");
  return entries.map((entry, index) => {
    if (entry === "") throw new ResolverListError(`Resolver entry ${index + 1} is empty: expected host[:port], comma-separated`);
    return parseEntry(entry);
  });
}

function parseEntry(entry: string): DnsServerAddress {
  if (entry.includes("/")) throw new ResolverListError(`Resolver "${entry}": give host[:port], not a URL`);
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    const host = bracketed[1] ?? "";
    if (isIP(host) !== 6) throw new ResolverListError(`Resolver "${entry}": "${host}" is not an IPv6 address`);
    return { host, port: parsePort(bracketed[2], entry) };
  }
  if (entry.startsWith("[")) throw new ResolverListError(`Resolver "${entry}": expected [IPv6 address] or [IPv6 address]:port`);
  if (entry.split(":").length > 2) {
    if (isIP(entry) !== 6) {
      throw new ResolverListError(`Resolver "${entry}" is not an IPv6 address (write [address]:port to give a port)`);
    }
    return { host: entry, port: DNS_DEFAULT_PORT };
  }
  const [host = "", portText] = entry.split(":");
  if (isIP(host) === 4) return { host, port: parsePort(portText, entry) };
  // Digits and dots only would be taken by getaddrinfo as a short IPv4 form ("10.1" = 10.0.0.1).
  if (/^[\d.]+$/.test(host)) throw new ResolverListError(`Resolver "${entry}": "${host}" is not a valid IPv4 address`);
  if (!HOST_NAME.test(host)) throw new ResolverListError(`Resolver "${entry}": "${host}" is neither an IP address nor a host name`);
  return { host: host.toLowerCase().replace(/\.$/, ""), port: parsePort(portText, entry) };
}

function parsePort(text: string | undefined, entry: string): number {
  if (text === undefined) return DNS_DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new ResolverListError(`Resolver "${entry}": port must be a number from 1 to 65535`);
  return port;
}

/** glibc uses at most MAXNS (3) name servers from resolv.conf (resolv.conf(5), "nameserver"). */
const MAX_NAMESERVERS = 3;

/** The `nameserver` lines of a resolv.conf text; lines that are not an IP address are skipped as glibc does. */
export function parseResolvConf(text: string): DnsServerAddress[] {
  const found: DnsServerAddress[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [keyword, address] = line.replace(/[#;].*$/, "").trim().split(/\s+/);
    if (keyword !== "nameserver" || !address || isIP(address) === 0) continue;
    found.push({ host: address, port: DNS_DEFAULT_PORT });
  }
  return found.slice(0, MAX_NAMESERVERS);
}

/**
 * The system resolvers. As resolv.conf(5) says, with no usable nameserver line (or no file) the
 * name server on the local machine is used.
 */
export function readSystemResolvers(path = "/etc/resolv.conf"): DnsServerAddress[] {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // No readable file: the documented default below applies.
  }
  const found = parseResolvConf(text);
  return found.length > 0 ? found : [{ host: "127.0.0.1", port: DNS_DEFAULT_PORT }];
}
