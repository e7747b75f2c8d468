/**
 * A test DNS server that plays a recursive resolver on 127.0.0.1, UDP and TCP on the same free
 * port, serving declarative zones. It sets AD like a validating resolver, fails bogus zones
 * unless CD is set, keeps NXDOMAIN apart from NODATA, truncates large UDP answers, counts the
 * queries it gets and can misbehave on purpose (see HostileMode).
 *
 *   const dns = await startDnsServer({ zones: [{ origin: "example.test", dnssec: "signed",
 *     records: [{ name: "@", type: "MX", data: "10 mx.example.test" }, { name: "mx", type: "A", data: "127.0.0.1" }] }] });
 *   const client = createDnsClient({ resolvers: [dns.resolver] });   // or MAILPOSTURE_DNS=dns.address
 *   ...
 *   expect(dns.count({ name: "example.test", type: "MX" })).toBe(1);
 *   await dns.close();
 *
 * Not supported: wildcards, DNAME, delegations, RRSIG/NSEC records (AD says it all here).
 */
import { decode, encode, type Answer, type OptAnswer, type Packet } from "dns-packet";
import { buildForgedReplies, buildHostileReply, type HostileMode } from "./dns-server-hostile";
import { canonical, loadZones, resolve, type ResolverBehaviour, type Zone } from "./dns-server-zones";
import { listenDns } from "./dns-listener";

export type { HostileMode } from "./dns-server-hostile";
export type { Zone, ZoneDnssec, ZoneRecord } from "./dns-server-zones";

export type DnsServerOptions = Partial<ResolverBehaviour> & {
  zones: Zone[];
  /** Misbehaviour by query name (lower case, no trailing dot); "*" applies to every name. */
  hostile?: Record<string, HostileMode>;
};

export type LoggedQuery = { name: string; type: string; transport: "udp" | "tcp"; dnssecOk: boolean; checkingDisabled: boolean };

export type DnsServer = {
  host: "127.0.0.1";
  port: number;
  /** For createDnsClient({ resolvers: [server.resolver] }). */
  resolver: { host: string; port: number };
  /** "127.0.0.1:<port>", the MAILPOSTURE_DNS form. */
  address: string;
  /** Every query received, in order. */
  queries: LoggedQuery[];
  /** How many queries matched; names compare case-insensitively without the trailing dot. */
  count(filter?: Partial<LoggedQuery>): number;
  /** Replaces the zones (and hostile modes) from the next query on. */
  setZones(zones: Zone[], hostile?: Record<string, HostileMode>): void;
  resetLog(): void;
  close(): Promise<void>;
};

const RCODE_FORMERR = 1;
const RCODE_SERVFAIL = 2;
const FLAG_RD = 1 << 8;
const FLAG_RA = 1 << 7;
const FLAG_TC = 1 << 9;
const FLAG_AD = 1 << 5;
const FLAG_CD = 1 << 4;
const FLAG_DO = 1 << 15;
const FORGERY_HEAD_START_MS = 20;

export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const behaviour: ResolverBehaviour = {
    validating: options.validating ?? true,
    outside: options.outside ?? "refused",
    followCnames: options.followCnames ?? true,
    rootDnssec: options.rootDnssec ?? "signed",
  };
  let zones = loadZones(options.zones);
  let hostile = options.hostile ?? {};
  const queries: LoggedQuery[] = [];
  const failedOnce = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void): void => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Works out the reply (or replies) to one raw query and hands them to `send`. */
  function handle(raw: Buffer, transport: "udp" | "tcp", send: (reply: Buffer) => void): void {
    let query: ReturnType<typeof decode>;
    try {
      query = decode(raw);
    } catch {
      return; // Not a DNS message: a resolver would drop it too.
    }
    const question = query.questions?.[0];
    if (!question || query.type !== "query") return;
    const opt = query.additionals?.find((a): a is OptAnswer => a.type === "OPT");
    const name = canonical(question.name);
    const flags = { dnssecOk: opt?.flag_do === true, authenticData: query.flag_ad, checkingDisabled: query.flag_cd };
    queries.push({ name, type: question.type, transport, dnssecOk: flags.dnssecOk, checkingDisabled: flags.checkingDisabled });

    const mode = hostile[name] ?? hostile["*"];
    if (mode === "never-answer") return;
    const crafted = mode ? buildHostileReply(mode, raw, transport) : null;
    if (crafted) return send(crafted);
    const base: Packet = { type: "response", id: query.id, questions: [question] };
    const ednsOut: Answer[] = opt ? [{ type: "OPT", name: ".", udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: opt.flag_do ? FLAG_DO : 0, flag_do: opt.flag_do, options: [] }] : [];
    // An old server knows no OPT record: its FORMERR carries none (RFC 6891 §7).
    if (mode === "formerr-edns" && opt) return send(encode({ ...base, flags: FLAG_RD | FLAG_RA | RCODE_FORMERR }));
    if (mode === "servfail-first" && !failedOnce.has(name)) {
      failedOnce.add(name);
      return send(encode({ ...base, flags: FLAG_RD | FLAG_RA | RCODE_SERVFAIL, additionals: ednsOut }));
    }

    const result = resolve(zones, behaviour, name, question.type, flags);
    let flagsOut = (query.flags ?? 0) & FLAG_RD ? FLAG_RD | FLAG_RA : FLAG_RA;
    if (result.ad) flagsOut |= FLAG_AD;
    if (flags.checkingDisabled) flagsOut |= FLAG_CD;
    flagsOut |= result.rcode;
    let reply = encode({ ...base, flags: flagsOut, answers: result.answers, authorities: result.authorities, additionals: ednsOut });
    // RFC 1035 §4.2.1 and RFC 6891 §6.2.3: a UDP reply larger than the requestor's payload size (512 without EDNS) is truncated.
    const limit = opt ? Math.max(512, opt.udpPayloadSize) : 512;
    if (transport === "udp" && (result.forceTcp || reply.length > limit)) {
      reply = encode({ ...base, flags: flagsOut | FLAG_TC, additionals: ednsOut });
    }
    if (mode === "mismatched") for (const forged of buildForgedReplies(raw)) send(forged);
    later(result.latencyMs + (mode === "mismatched" ? FORGERY_HEAD_START_MS : 0), () => send(reply));
  }

  const listener = await listenDns(handle);
  const port = listener.port;

  return {
    host: "127.0.0.1",
    port,
    resolver: { host: "127.0.0.1", port },
    address: `127.0.0.1:${port}`,
    queries,
    count: (filter = {}) =>
      queries.filter((q) =>
        (Object.keys(filter) as (keyof LoggedQuery)[]).every((k) =>
          k === "name" ? q.name === canonical(String(filter.name)) : q[k] === filter[k],
        ),
      ).length,
    setZones(next, nextHostile) {
      zones = loadZones(next);
      if (nextHostile) hostile = nextHostile;
    },
    resetLog: () => void queries.splice(0),
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await listener.close();
    },
  };
}
