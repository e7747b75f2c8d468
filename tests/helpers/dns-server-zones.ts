/**
 * The declarative zone model of the test DNS server and the pure "what would a validating
 * recursive resolver answer" logic. The sockets live in dns-server.ts.
 */
import type { Answer, SoaData, StringAnswer } from "dns-packet";

export type ZoneDnssec = "signed" | "unsigned" | "bogus";

export type ZoneRecord = { name: string; ttl?: number } & (
  | { type: "A" | "AAAA"; data: string }
  /** "10 mx.example.test" or the object form. */
  | { type: "MX"; data: string | { preference: number; exchange: string } }
  /** One string, or the record's character-strings; any longer than 255 octets are split. */
  | { type: "TXT"; data: string | string[] }
  /** data: hex. */
  | { type: "TLSA"; data: { usage: number; selector: number; matchingType: number; data: string } }
  | { type: "CNAME" | "NS"; data: string }
  | { type: "SOA"; data?: Partial<SoaData> }
);

export type Zone = {
  /** e.g. "example.test"; every record name inside it is absolute if it ends with "." or with the origin, else relative ("@" is the origin). */
  origin: string;
  /** signed: answers carry AD; bogus: SERVFAIL unless the query has CD (then data, no AD). */
  dnssec: ZoneDnssec;
  records: ZoneRecord[];
  /** Delay before every answer from this zone. */
  latencyMs?: number;
  /** Answer UDP queries with TC set, whatever the size. */
  forceTcp?: boolean;
};

export type ResolverBehaviour = {
  /** false: the server behaves like a non-validating resolver: never AD, bogus zones answer normally. */
  validating: boolean;
  /** RCODE for names outside every zone. */
  outside: "refused" | "nxdomain" | "servfail";
  /** false: answer a CNAME alone, like an authoritative server, so the client has to chase it. */
  followCnames: boolean;
  /** DNSSEC state of the root and of every TLD not served as a zone (their SOA answers). */
  rootDnssec: ZoneDnssec;
};

export type Resolution = { rcode: number; answers: Answer[]; authorities: Answer[]; ad: boolean; forceTcp: boolean; latencyMs: number };

type Rr = Answer & { name: string };
type LoadedZone = Zone & { rrs: Rr[]; soa: Rr };

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const MAX_CHASE = 16;

export const canonical = (name: string): string => name.trim().toLowerCase().replace(/\.$/, "") || ".";

export function loadZones(zones: Zone[]): LoadedZone[] {
  return zones
    .map((zone) => {
      const origin = canonical(zone.origin);
      const rrs = zone.records.map((r) => toAnswer(r, origin));
      const soa = rrs.find((r) => r.type === "SOA" && r.name === origin) ?? toAnswer({ name: "@", type: "SOA" }, origin);
      return { ...zone, origin, rrs: rrs.some((r) => r === soa) ? rrs : [...rrs, soa], soa };
    })
    .sort((a, b) => b.origin.length - a.origin.length);
}

function absolute(name: string, origin: string): string {
  if (name === "@") return origin;
  if (name.endsWith(".")) return canonical(name);
  const n = canonical(name);
  return n === origin || n.endsWith(`.${origin}`) || origin === "." ? n : `${n}.${origin}`;
}

function splitTxt(text: string): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length > 0 ? parts : [Buffer.alloc(0)];
}

function toAnswer(r: ZoneRecord, origin: string): Rr {
  const base = { name: absolute(r.name, origin), ttl: r.ttl ?? 300, class: "IN" as const };
  switch (r.type) {
    case "A":
    case "AAAA":
      return { ...base, type: r.type, data: r.data };
    case "CNAME":
    case "NS":
      return { ...base, type: r.type, data: canonical(r.data) };
    case "MX": {
      if (typeof r.data !== "string") return { ...base, type: "MX", data: { ...r.data, exchange: canonical(r.data.exchange) } };
      const [pref, exchange] = r.data.trim().split(/\s+/);
      return { ...base, type: "MX", data: { preference: Number(pref), exchange: canonical(exchange ?? ".") } };
    }
    case "TXT":
      return { ...base, type: "TXT", data: (Array.isArray(r.data) ? r.data : [r.data]).flatMap(splitTxt) };
    case "TLSA":
      return { ...base, type: "TLSA", data: { ...r.data, certificate: Buffer.from(r.data.data, "hex") } };
    case "SOA":
      return {
        ...base,
        type: "SOA",
        data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300, ...r.data },
      };
  }
}

function findZone(zones: LoadedZone[], name: string): LoadedZone | undefined {
  return zones.find((z) => name === z.origin || z.origin === "." || name.endsWith(`.${z.origin}`));
}

/** A name exists if it or any name below it owns records: empty non-terminals exist (RFC 4592 §2.2.2, RFC 8020). */
function nameExists(zone: LoadedZone, name: string): boolean {
  return zone.rrs.some((r) => r.name === name || r.name.endsWith(`.${name}`));
}

const ROOT_SOA: Rr = {
  name: ".", type: "SOA", ttl: 86400, class: "IN",
  data: { mname: "a.root-servers.test", rname: "nstld.root-servers.test", serial: 2026112800, refresh: 1800, retry: 900, expire: 604800, minimum: 86400 },
};

/** What a recursive resolver would answer to qname/qtype for a client with these flags. */
export function resolve(
  zones: LoadedZone[],
  behaviour: ResolverBehaviour,
  qname: string,
  qtype: string,
  flags: { dnssecOk: boolean; authenticData: boolean; checkingDisabled: boolean },
): Resolution {
  const wantsAd = behaviour.validating && (flags.dnssecOk || flags.authenticData);
  const fails = (state: ZoneDnssec): boolean => state === "bogus" && behaviour.validating && !flags.checkingDisabled;
  const done = (rcode: number, answers: Rr[], authorities: Rr[], states: ZoneDnssec[], visited: LoadedZone[]): Resolution => ({
    rcode,
    answers,
    authorities,
    ad: wantsAd && states.every((s) => s === "signed"),
    forceTcp: visited.some((z) => z.forceTcp === true),
    latencyMs: Math.max(0, ...visited.map((z) => z.latencyMs ?? 0)),
  });

  let name = canonical(qname);
  const answers: Rr[] = [];
  const states: ZoneDnssec[] = [];
  const visited: LoadedZone[] = [];
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    // A looping or overlong chain is handed over as it stands: judging it is the client's job.
    if (seen.has(name) || hop > MAX_CHASE) return done(RCODES.NOERROR, answers, [], states, visited);
    seen.add(name);
    const zone = findZone(zones, name);
    if (!zone) {
      // The root and TLDs outside the served zones: only their SOA exists.
      if (hop === 0 && (name === "." || !name.includes("."))) {
        if (fails(behaviour.rootDnssec)) return done(RCODES.SERVFAIL, [], [], [], []);
        const soa = { ...ROOT_SOA, name };
        return done(RCODES.NOERROR, qtype === "SOA" ? [soa] : [], qtype === "SOA" ? [] : [soa], [behaviour.rootDnssec], []);
      }
      if (hop === 0) return done(RCODES[behaviour.outside === "refused" ? "REFUSED" : behaviour.outside === "servfail" ? "SERVFAIL" : "NXDOMAIN"], [], [], ["unsigned"], []);
      // A CNAME target outside the served zones: give the chain as far as it goes.
      return done(RCODES.NOERROR, answers, [], states, visited);
    }
    visited.push(zone);
    states.push(zone.dnssec);
    if (fails(zone.dnssec)) return done(RCODES.SERVFAIL, [], [], states, visited);
    const here = zone.rrs.filter((r) => r.name === name);
    const matching = here.filter((r) => r.type === qtype);
    if (matching.length > 0) return done(RCODES.NOERROR, [...answers, ...matching], [], states, visited);
    const alias = qtype === "CNAME" ? undefined : here.find((r): r is StringAnswer => r.type === "CNAME");
    if (alias) {
      answers.push(alias);
      if (!behaviour.followCnames) return done(RCODES.NOERROR, answers, [], states, visited);
      name = alias.data;
      continue;
    }
    // RFC 2308 §2: negative answers carry the zone's SOA in the authority section.
    return done(nameExists(zone, name) ? RCODES.NOERROR : RCODES.NXDOMAIN, answers, [zone.soa], states, visited);
  }
}
