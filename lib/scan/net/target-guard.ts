/**
 * Classifies an address before the scanner connects to it (docs/architecture.md rule 17): only globally
 * reachable unicast addresses are fair game, per the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890) and the IPv6 Address Space registry. Pure.
 */
export type AddressCategory =
  | "public"
  | "invalid"
  | "unspecified"
  | "this-network"
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "ietf-protocol-assignments"
  | "documentation"
  | "benchmarking"
  | "deprecated-6to4-relay"
  | "multicast"
  | "reserved"
  | "broadcast"
  | "ipv4-compatible"
  | "nat64-local"
  | "discard-only"
  | "dummy-prefix"
  | "teredo"
  | "orchid"
  | "srv6-sid"
  | "unique-local"
  | "site-local"
  | "scoped";

export type AddressVerdict = {
  allowed: boolean;
  category: AddressCategory;
  /** For IPv4-mapped, NAT64 and 6to4 addresses: the IPv4 address the verdict was taken from. */
  embeddedIpv4?: string;
};

// ---- Parsing: strict, byte-exact, so the tables below see what a socket would connect to.

export type ParsedAddress =
  | { version: 4; bytes: Uint8Array }
  /** zone: the RFC 4007 §11 zone index after "%", if any. */
  | { version: 6; bytes: Uint8Array; zone: string | null };

const DECIMAL_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/**
 * Dotted-quad IPv4 only: four decimal octets without leading zeros. Shorter or octal/hex forms
 * ("127.1", "0x7f.0.0.1", "010.0.0.1") are refused, since resolvers and libraries read them
 * differently.
 */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!DECIMAL_OCTET.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

/** Every RFC 4291 §2.2 text form: full, "::"-compressed, and with a trailing dotted quad. */
export function parseIpv6(text: string): { bytes: Uint8Array; zone: string | null } | null {
  const percent = text.indexOf("%");
  const zone = percent >= 0 ? text.slice(percent + 1) : null;
  if (zone !== null && !/^[\w.-]+$/.test(zone)) return null;
  const address = percent >= 0 ? text.slice(0, percent) : text;

  const halves = address.split("::");
  if (halves.length > 2) return null;
  const words: number[][] = [];
  for (const [h, half] of halves.entries()) {
    const groups = half === "" ? [] : half.split(":");
    const out: number[] = [];
    for (const [i, group] of groups.entries()) {
      // A dotted quad may only stand for the last 32 bits (RFC 4291 §2.2 form 3).
      const isLast = h === halves.length - 1 && i === groups.length - 1;
      if (isLast && group.includes(".")) {
        const v4 = parseIpv4(group);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (HEX_GROUP.test(group)) {
        out.push(parseInt(group, 16));
      } else {
        return null;
      }
    }
    words.push(out);
  }
  const head = words[0] ?? [];
  const tail = words[1] ?? [];
  const explicit = head.length + tail.length;
  // "::" stands for at least one group of zeros; without it all eight groups must be there.
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return null;
  const all = [...head, ...Array<number>(8 - explicit).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return { bytes, zone };
}

export function parseIpAddress(text: string): ParsedAddress | null {
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = text.includes(":") ? parseIpv6(text) : null;
  return v6 ? { version: 6, ...v6 } : null;
}

/** Whether `bytes` starts with the first `bits` bits of `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((((bytes[i / 8] as number) ^ (prefix[i / 8] as number)) & mask) !== 0) return false;
  }
  return true;
}

// ---- Classification.

type Row = { prefix: Uint8Array; bits: number; category: AddressCategory | "embedded-v4"; embedAt?: number };

function rows(version: 4 | 6, list: [string, AddressCategory | "embedded-v4", number?][]): Row[] {
  return list.map(([cidr, category, embedAt]) => {
    const [text = "", bits = ""] = cidr.split("/");
    const prefix = version === 4 ? parseIpv4(text) : parseIpv6(text)?.bytes;
    if (!prefix) throw new Error(`bad table prefix ${cidr}`);
    return { prefix, bits: Number(bits), category, embedAt };
  });
}

// IANA IPv4 Special-Purpose Address Registry; more specific rows first. Rows marked globally
// reachable there (192.0.0.9/32, 192.0.0.10/32, AS112 and AMT ranges) are allowed by falling
// through, except inside 192.0.0.0/24, which is refused whole to stay on the safe side.
const IPV4 = rows(4, [
  ["0.0.0.0/32", "unspecified"], // RFC 1122 §3.2.1.3 "this host"
  ["0.0.0.0/8", "this-network"], // RFC 791
  ["10.0.0.0/8", "private"], // RFC 1918
  ["100.64.0.0/10", "cgnat"], // RFC 6598 shared address space
  ["127.0.0.0/8", "loopback"], // RFC 1122 §3.2.1.3
  ["169.254.0.0/16", "link-local"], // RFC 3927 (includes 169.254.169.254 cloud metadata)
  ["172.16.0.0/12", "private"], // RFC 1918
  ["192.0.0.0/24", "ietf-protocol-assignments"], // RFC 6890 §2.1 (incl. DS-Lite 192.0.0.0/29, RFC 7335)
  ["192.0.2.0/24", "documentation"], // RFC 5737 TEST-NET-1
  ["192.88.99.0/24", "deprecated-6to4-relay"], // RFC 7526
  ["192.168.0.0/16", "private"], // RFC 1918
  ["198.18.0.0/15", "benchmarking"], // RFC 2544
  ["198.51.100.0/24", "documentation"], // RFC 5737 TEST-NET-2
  ["203.0.113.0/24", "documentation"], // RFC 5737 TEST-NET-3
  ["224.0.0.0/4", "multicast"], // RFC 5771
  ["255.255.255.255/32", "broadcast"], // RFC 919 / RFC 8190 limited broadcast
  ["240.0.0.0/4", "reserved"], // RFC 1112 §4
]);

// IANA IPv6 Special-Purpose Address Registry and IPv6 Address Space; more specific rows first.
const IPV6 = rows(6, [
  ["::/128", "unspecified"], // RFC 4291 §2.5.2
  ["::1/128", "loopback"], // RFC 4291 §2.5.3
  ["::ffff:0:0/96", "embedded-v4", 12], // RFC 4291 §2.5.5.2 IPv4-mapped: the socket talks IPv4
  ["::/96", "ipv4-compatible"], // RFC 4291 §2.5.5.1, deprecated
  ["64:ff9b::/96", "embedded-v4", 12], // RFC 6052 §2.1 well-known NAT64 prefix
  ["64:ff9b:1::/48", "nat64-local"], // RFC 8215 local-use NAT64
  ["100::/64", "discard-only"], // RFC 6666
  ["100:0:0:1::/64", "dummy-prefix"], // RFC 9780
  ["2001:1::1/128", "public"], // RFC 7723 PCP anycast (globally reachable)
  ["2001:1::2/128", "public"], // RFC 8155 TURN anycast (globally reachable)
  ["2001:1::3/128", "public"], // RFC 9665 DNS-SD SRP anycast (globally reachable)
  ["2001:2::/48", "benchmarking"], // RFC 5180
  ["2001:3::/32", "public"], // RFC 7450 AMT (globally reachable)
  ["2001:4:112::/48", "public"], // RFC 7535 AS112-v6 (globally reachable)
  ["2001:10::/28", "orchid"], // RFC 4843, deprecated
  ["2001:20::/28", "orchid"], // RFC 7343 ORCHIDv2
  ["2001:30::/28", "public"], // RFC 9374 DRIP entity tags (globally reachable)
  ["2001::/32", "teredo"], // RFC 4380: reached only through a relay; never a mail server
  ["2001::/23", "ietf-protocol-assignments"], // RFC 2928
  ["2001:db8::/32", "documentation"], // RFC 3849
  ["2002::/16", "embedded-v4", 2], // RFC 3056 6to4: judged by the IPv4 address it embeds
  ["3fff::/20", "documentation"], // RFC 9637
  ["5f00::/16", "srv6-sid"], // RFC 9602
  ["2000::/3", "public"], // IANA IPv6 Address Space: global unicast
  ["fc00::/7", "unique-local"], // RFC 4193
  ["fe80::/10", "link-local"], // RFC 4291 §2.5.6
  ["fec0::/10", "site-local"], // RFC 3879, deprecated
  ["ff00::/8", "multicast"], // RFC 4291 §2.7
  ["::/0", "reserved"], // IANA IPv6 Address Space: everything else is reserved by the IETF
]);

function classifyBytes(bytes: Uint8Array, table: Row[]): AddressVerdict {
  const row = table.find((r) => hasPrefix(bytes, r.prefix, r.bits));
  if (!row || row.category === "public") return { allowed: true, category: "public" };
  if (row.category === "embedded-v4") {
    const v4 = bytes.subarray(row.embedAt, (row.embedAt ?? 0) + 4);
    return { ...classifyBytes(v4, IPV4), embeddedIpv4: Array.from(v4).join(".") };
  }
  return { allowed: false, category: row.category };
}

/** Classifies an IPv4 or IPv6 address in text form; anything unparseable is "invalid". */
export function classifyAddress(ip: string): AddressVerdict {
  const parsed = parseIpAddress(ip.trim());
  if (!parsed) return { allowed: false, category: "invalid" };
  if (parsed.version === 4) return classifyBytes(parsed.bytes, IPV4);
  const verdict = classifyBytes(parsed.bytes, IPV6);
  // RFC 4007 §11: a zone index only means something on a scoped (link-local or multicast) address.
  if (parsed.zone !== null && verdict.category !== "link-local" && verdict.category !== "multicast") {
    return { allowed: false, category: "scoped" };
  }
  return verdict;
}

export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip).allowed;
}

/** Categories a test lab may use (MAILPOSTURE_ALLOW_PRIVATE): never multicast, broadcast, unspecified or reserved space. */
const LAB_CATEGORIES = new Set<AddressCategory>([
  "loopback", "private", "cgnat", "link-local", "unique-local", "site-local", "documentation", "benchmarking",
]);

/** The verdict used at connect time: private-use space is allowed only when the caller allows it. */
export function guardTarget(ip: string, options: { allowPrivate: boolean }): AddressVerdict {
  const verdict = classifyAddress(ip);
  if (!verdict.allowed && options.allowPrivate && LAB_CATEGORIES.has(verdict.category)) return { ...verdict, allowed: true };
  return verdict;
}
