/**
 * The benchmark's recursive resolver on 127.0.0.1: the zone model and answers of the test DNS
 * server (tests/helpers/dns-server-zones.ts: `loadZones`, `resolve`), behind sockets sized for
 * thousands of queries a second. Why not tests/helpers/dns-server.ts itself:
 *
 * - it finds a query's zone by scanning every zone, which with one zone per synthetic domain
 *   costs the server more CPU than the scanner spends on the answer; here zones are indexed by
 *   origin and `resolve` is handed only the zone that holds the name;
 * - its UDP socket keeps the OS default receive buffer, which overflows when a few hundred scans
 *   start at once: the dropped queries then cost the scanner a 2 s retry, and the benchmark
 *   would measure the server's buffer, not the scanner;
 * - it delays per zone; here every answer draws its own delay from the latency range.
 *
 * Limits (fine for the benchmark's zones, which the helper's model also serves): CNAMEs are
 * followed only inside the zone that holds the queried name; no hostile modes.
 */
import { decode, encode, type Answer, type OptAnswer, type Packet } from "dns-packet";
import { listenDns } from "../../tests/helpers/dns-listener";
import { canonical, loadZones, resolve, type ResolverBehaviour, type Zone } from "../../tests/helpers/dns-server-zones";

export type BenchDnsServer = {
  host: "127.0.0.1";
  port: number;
  readonly queries: number;
  close(): Promise<void>;
};

type LoadedZone = ReturnType<typeof loadZones>[number];

const FLAG_RD = 1 << 8;
const FLAG_RA = 1 << 7;
const FLAG_TC = 1 << 9;
const FLAG_AD = 1 << 5;
const FLAG_CD = 1 << 4;
const FLAG_DO = 1 << 15;
/** Room for a few thousand queries arriving at once (the kernel caps it at net.core.rmem_max). */
const UDP_RECEIVE_BUFFER = 8 * 1024 * 1024;

const BEHAVIOUR: ResolverBehaviour = { validating: true, outside: "refused", followCnames: true, rootDnssec: "signed" };

export async function startBenchDnsServer(zones: Zone[], latencyMs: readonly [number, number]): Promise<BenchDnsServer> {
  const byOrigin = new Map<string, LoadedZone>();
  for (const zone of loadZones(zones)) byOrigin.set(zone.origin, zone);
  const timers = new Set<NodeJS.Timeout>();
  let queries = 0;

  /** The zone holding `name`: the longest origin that is the name or one of its parents. */
  const zoneOf = (name: string): LoadedZone[] => {
    for (let rest = name; ; ) {
      const zone = byOrigin.get(rest);
      if (zone) return [zone];
      const dot = rest.indexOf(".");
      if (dot === -1) return [];
      rest = rest.slice(dot + 1);
    }
  };

  const delay = (): number => latencyMs[0] + Math.random() * (latencyMs[1] - latencyMs[0]);

  function handle(raw: Buffer, transport: "udp" | "tcp", send: (reply: Buffer) => void): void {
    let query: ReturnType<typeof decode>;
    try {
      query = decode(raw);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question || query.type !== "query") return;
    queries += 1;
    const opt = query.additionals?.find((a): a is OptAnswer => a.type === "OPT");
    const name = canonical(question.name);
    const flags = { dnssecOk: opt?.flag_do === true, authenticData: query.flag_ad, checkingDisabled: query.flag_cd };
    const result = resolve(zoneOf(name), BEHAVIOUR, name, question.type, flags);
    const base: Packet = { type: "response", id: query.id, questions: [question] };
    const edns: Answer[] = opt ? [{ type: "OPT", name: ".", udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: opt.flag_do ? FLAG_DO : 0, flag_do: opt.flag_do, options: [] }] : [];
    let flagsOut = ((query.flags ?? 0) & FLAG_RD ? FLAG_RD | FLAG_RA : FLAG_RA) | result.rcode;
    if (result.ad) flagsOut |= FLAG_AD;
    if (flags.checkingDisabled) flagsOut |= FLAG_CD;
    let reply = encode({ ...base, flags: flagsOut, answers: result.answers, authorities: result.authorities, additionals: edns });
    // RFC 6891 §6.2.3: a UDP reply larger than the requestor's payload size is truncated.
    const limit = opt ? Math.max(512, opt.udpPayloadSize) : 512;
    if (transport === "udp" && reply.length > limit) reply = encode({ ...base, flags: flagsOut | FLAG_TC, additionals: edns });
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(reply);
    }, delay());
    timers.add(timer);
  }

  const listener = await listenDns(handle, { udpReceiveBuffer: UDP_RECEIVE_BUFFER });

  return {
    host: "127.0.0.1",
    port: listener.port,
    get queries() {
      return queries;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await listener.close();
    },
  };
}
