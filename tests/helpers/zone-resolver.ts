/**
 * An in-memory DnsClient built from a declarative zone, for unit tests.
 *
 * - A name listed in the zone exists; a name with listed descendants exists too (an empty
 *   non-terminal), so asking it yields NODATA, not NXDOMAIN.
 * - `*.<parent>` entries answer for names under <parent> that do not exist themselves.
 * - CNAMEs are followed for every type but CNAME (as a recursive resolver does).
 * - `authenticated` can be set for the whole zone, per name, or per rrset.
 * - `fail` simulates servfail / timeout / refused / error for a name (all types or per type);
 *   `bogus` makes the name DNSSEC-bogus: like the wire client after its checking-disabled retry,
 *   the answer carries the unvalidated data with `dnssec: "bogus"` (to be reported, not trusted).
 * - Every query is appended to `log`.
 */
import type {
  DnsAnswer,
  DnsClient,
  DnsDnssec,
  DnsOutcome,
  DnsRecord,
  RRType,
} from "@/lib/scan/net/dns-types";

type Rrset<T> = T[] | { records: T[]; authenticated?: boolean; ttl?: number };
type Failure = Extract<DnsOutcome, "servfail" | "timeout" | "refused" | "error">;

export type ZoneName = {
  A?: Rrset<string>;
  AAAA?: Rrset<string>;
  MX?: Rrset<{ preference: number; exchange: string }>;
  /** A plain string is a one-string TXT record; an array is one record of several strings. */
  TXT?: Rrset<string | string[]>;
  CNAME?: string | { target: string; authenticated?: boolean };
  NS?: Rrset<string>;
  TLSA?: Rrset<{ usage: number; selector: number; matchingType: number; data: string }>;
  SOA?: Rrset<{ mname: string; rname: string; serial: number }>;
  DS?: Rrset<string>;
  DNSKEY?: Rrset<string>;
  /** Default DNSSEC state for this name's rrsets and negative answers. */
  authenticated?: boolean;
  fail?: Failure | Partial<Record<RRType, Failure>>;
  bogus?: boolean;
};

export type Zone = Record<string, ZoneName>;

export type ZoneResolverOptions = {
  /** Default DNSSEC state for every answer (default false: insecure). */
  authenticated?: boolean;
  /** What isValidating() answers (default true). */
  validating?: boolean;
  ttl?: number;
};

export type QueryLogEntry = { name: string; type: RRType; outcome: DnsOutcome };

export type ZoneResolver = DnsClient & {
  log: QueryLogEntry[];
  /** How many times name/type was asked (case-insensitive, trailing dot ignored). */
  count(name: string, type?: RRType): number;
};

const MAX_CNAME_CHAIN = 8;

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.+$/, "");
}

function rrsetOf<T>(set: Rrset<T> | undefined): { records: T[]; authenticated?: boolean; ttl?: number } | undefined {
  if (set === undefined) return undefined;
  return Array.isArray(set) ? { records: set } : set;
}

function toRecords(type: RRType, owner: string, entry: ZoneName, ttl: number): DnsRecord[] | undefined {
  switch (type) {
    case "A":
    case "AAAA":
      return rrsetOf(entry[type])?.records.map((address) => ({ type, name: owner, ttl, address }));
    case "MX":
      return rrsetOf(entry.MX)?.records.map((mx) => ({ type, name: owner, ttl, ...mx, exchange: normalize(mx.exchange) }));
    case "TXT":
      return rrsetOf(entry.TXT)?.records.map((txt) => ({ type, name: owner, ttl, strings: typeof txt === "string" ? [txt] : txt }));
    case "NS":
      return rrsetOf(entry.NS)?.records.map((target) => ({ type, name: owner, ttl, target: normalize(target) }));
    case "TLSA":
      return rrsetOf(entry.TLSA)?.records.map((tlsa) => ({ type, name: owner, ttl, ...tlsa }));
    case "SOA":
      return rrsetOf(entry.SOA)?.records.map((soa) => ({ type, name: owner, ttl, ...soa }));
    case "DS":
    case "DNSKEY":
      return rrsetOf(entry[type])?.records.map((data) => ({ type, name: owner, ttl, data }));
    case "CNAME": {
      const cname = entry.CNAME;
      if (cname === undefined) return undefined;
      const target = typeof cname === "string" ? cname : cname.target;
      return [{ type, name: owner, ttl, target: normalize(target) }];
    }
  }
}

function rrsetAuthenticated(type: RRType, entry: ZoneName): boolean | undefined {
  if (type === "CNAME") return typeof entry.CNAME === "object" ? entry.CNAME.authenticated : undefined;
  const set = entry[type];
  return set !== undefined && !Array.isArray(set) ? set.authenticated : undefined;
}

function failureFor(entry: ZoneName, type: RRType): Failure | undefined {
  if (entry.fail === undefined) return undefined;
  return typeof entry.fail === "string" ? entry.fail : entry.fail[type];
}

/** Builds a resolver over `zone`; names are matched case-insensitively, trailing dots ignored. */
export function zoneResolver(zone: Zone, options: ZoneResolverOptions = {}): ZoneResolver {
  const names = new Map<string, ZoneName>();
  for (const [name, entry] of Object.entries(zone)) names.set(normalize(name), entry);
  const ttl = options.ttl ?? 300;
  const log: QueryLogEntry[] = [];

  const exists = (name: string) => {
    if (names.has(name)) return true;
    for (const other of names.keys()) if (other.endsWith(`.${name}`)) return true;
    return false;
  };
  const find = (name: string): ZoneName | undefined => {
    const exact = names.get(name);
    if (exact !== undefined || exists(name)) return exact ?? {};
    const labels = name.split(".");
    for (let i = 1; i < labels.length; i++) {
      const wildcard = names.get(["*", ...labels.slice(i)].join("."));
      if (wildcard !== undefined) return wildcard;
      if (exists(labels.slice(i).join("."))) return undefined;
    }
    return undefined;
  };
  const secure = (flag: boolean | undefined, entry: ZoneName): DnsDnssec =>
    (flag ?? entry.authenticated ?? options.authenticated ?? false) ? "secure" : "insecure";

  function resolve(asked: string, type: RRType): DnsAnswer {
    const cnames: string[] = [];
    let dnssec: DnsDnssec = "secure";
    let current = asked;
    let bogus = false;
    const weaken = (state: DnsDnssec) => {
      if (state !== "secure" && !bogus) dnssec = state;
    };
    const answer = (outcome: DnsOutcome, records: DnsRecord[] = [], error?: string): DnsAnswer => ({
      name: asked,
      type,
      outcome,
      dnssec: outcome === "ok" || outcome === "nxdomain" || outcome === "nodata" ? dnssec : outcome === "servfail" && dnssec === "bogus" ? "bogus" : "insecure",
      records,
      cnames,
      ...(error !== undefined ? { error } : {}),
    });

    for (;;) {
      const entry = find(current);
      if (entry === undefined) {
        weaken(secure(undefined, {}));
        return answer("nxdomain");
      }
      if (entry.bogus) {
        dnssec = "bogus";
        bogus = true;
      }
      const failure = failureFor(entry, type);
      if (failure !== undefined) return answer(failure, [], `simulated ${failure}`);
      if (entry.CNAME !== undefined && type !== "CNAME") {
        weaken(secure(rrsetAuthenticated("CNAME", entry), entry));
        const target = normalize(typeof entry.CNAME === "string" ? entry.CNAME : entry.CNAME.target);
        if (cnames.includes(target) || cnames.length >= MAX_CNAME_CHAIN) return answer("error", [], "CNAME loop or chain too long");
        cnames.push(target);
        current = target;
        continue;
      }
      const records = toRecords(type, current, entry, ttl);
      weaken(secure(rrsetAuthenticated(type, entry), entry));
      if (records === undefined || records.length === 0) return answer("nodata");
      return answer("ok", records);
    }
  }

  return {
    log,
    count(name, type) {
      const wanted = normalize(name);
      return log.filter((entry) => entry.name === wanted && (type === undefined || entry.type === type)).length;
    },
    async query(name, type) {
      const result = resolve(normalize(name), type);
      log.push({ name: result.name, type, outcome: result.outcome });
      return result;
    },
    async isValidating() {
      return options.validating ?? true;
    },
  };
}
