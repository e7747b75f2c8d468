/** Messages between the benchmark (parent) and its server child over the fork IPC channel. */
import type { BenchPlan } from "./plan";

export type ServerCounters = {
  dnsQueries: number;
  smtpConnections: number;
  /** Connections on which the client spoke before the greeting was complete (must stay 0). */
  smtpSpokeEarly: number;
  httpsConnections: number;
  httpsRequests: number;
  httpsHandshakeErrors: number;
};

/** "bench": bench/lib/dns-server.ts; "helper": tests/helpers/dns-server.ts as it is. */
export type DnsServerKind = "bench" | "helper";

export type ToServers =
  | { type: "start"; plan: BenchPlan; latencyMs: [number, number]; dnsServer: DnsServerKind }
  | { type: "sample" }
  | { type: "stop" };

export type FromServers =
  | { type: "ready"; dns: { host: string; port: number }; smtpPort: number; httpsPort: number; rootPem: string; setupMs: number }
  | { type: "sample"; cpu: NodeJS.CpuUsage; maxRssKb: number; counters: ServerCounters }
  | { type: "failed"; error: string };
