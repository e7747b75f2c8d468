/**
 * A mail lab on loopback for end-to-end scans: a DNS server for the zones, STARTTLS SMTP servers
 * with certificates from a test CA made now, optionally MTA-STS policy hosts over HTTPS, and the
 * environment that points the scanner at them (the spec's variables). Used by pipeline and browser
 * tests.
 *
 * The scanner takes ONE SMTP port and ONE HTTPS port for every host, so:
 * - `mxHost` listens on 127.0.0.1, and each of `mxHosts` on its own loopback address (127.0.0.2,
 *   127.0.0.3, …) on that same port, with a certificate of its own (and, if asked, a TLSA record
 *   for it in a zone of its own, signed or not);
 * - every `policies` entry is served by one HTTPS server on 127.0.0.1, which picks the certificate
 *   for `mta-sts.<domain>` by SNI and the policy by the Host header.
 *
 * The lab adds a zone for each host it runs (its A record, TLSA); the caller's zones hold the
 * domains. `setZones` swaps the caller's zones between scans and keeps the lab's own.
 */
import { createHash, X509Certificate } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { createTestCa, type IssuedCertificate, type TestCa } from "./test-ca";
import { startDnsServer, type DnsServer, type Zone, type ZoneDnssec } from "./dns-server";
import { startSmtpServer, type TestSmtpServer } from "./smtp-server";

export type LabMxHost = {
  host: string;
  /** DNSSEC state of the host's own zone (default unsigned). */
  dnssec?: ZoneDnssec;
  /** Publish `_25._tcp.<host> TLSA 3 1 1 <SHA-256 of the leaf's key>` (DANE-EE). */
  tlsa?: boolean;
};

export type LabPolicy = {
  /** The policy domain: served as https://mta-sts.<domain>/.well-known/mta-sts.txt. */
  domain: string;
  body: string;
};

export type LabOptions = {
  zones: Zone[];
  /** The MX host on 127.0.0.1 (a zone with its A record is added). */
  mxHost: string;
  /** Further MX hosts, each on its own loopback address and the same port. */
  mxHosts?: LabMxHost[];
  /** MTA-STS policy hosts. */
  policies?: LabPolicy[];
};

export type Lab = {
  dns: DnsServer;
  /** The server of `mxHost`. */
  smtp: TestSmtpServer;
  ca: TestCa;
  /** Environment for the web app, workers or CLI. */
  env: Record<string, string>;
  /** The server, address and certificate of a host of `mxHosts` (or of `mxHost`). */
  mx(host: string): { server: TestSmtpServer; address: string; certificate: IssuedCertificate };
  /** Replaces the caller's zones from the next query on; the lab's host zones stay. */
  setZones(zones: Zone[]): void;
  close(): Promise<void>;
};

const PORT_ATTEMPTS = 10;
const POLICY_PATH = "/.well-known/mta-sts.txt";

/** Zone records of one lab domain whose MX is `mx.<suffix>` at 127.0.0.1, with DMARC and SPF. */
export function labDomainZone(domain: string, mxHost: string, opts: { dnssec?: "signed" | "unsigned"; latencyMs?: number; txt?: string[] } = {}): Zone {
  return {
    origin: domain,
    dnssec: opts.dnssec ?? "unsigned",
    latencyMs: opts.latencyMs,
    records: [
      { name: "@", type: "MX", data: `10 ${mxHost}.` },
      { name: "@", type: "TXT", data: "v=spf1 mx -all" },
      { name: "_dmarc", type: "TXT", data: "v=DMARC1; p=reject; rua=mailto:dmarc@" + domain },
      ...(opts.txt ?? []).map((t) => ({ name: "@", type: "TXT" as const, data: t })),
    ],
  };
}

/** Hex SHA-256 of a certificate's SubjectPublicKeyInfo: the data of a `3 1 1` TLSA record. */
export function spkiSha256Hex(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

type RunningMx = { host: string; address: string; server: TestSmtpServer; certificate: IssuedCertificate };

/**
 * The STARTTLS servers: `main` on 127.0.0.1 and an OS-chosen port, the others on 127.0.0.2, … and
 * that same port; on EADDRINUSE everything started is closed and a new port is tried.
 */
async function startMxServers(main: { host: string; certificate: IssuedCertificate }, others: { host: string; certificate: IssuedCertificate }[]): Promise<RunningMx[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const first = await startSmtpServer("starttls", { tls: { key: main.certificate.keyPem, cert: main.certificate.chainPem }, hostname: main.host });
    const running: RunningMx[] = [{ host: main.host, address: "127.0.0.1", server: first, certificate: main.certificate }];
    try {
      for (const [i, o] of others.entries()) {
        const address = `127.0.0.${i + 2}`;
        const server = await startSmtpServer("starttls", { tls: { key: o.certificate.keyPem, cert: o.certificate.chainPem }, hostname: o.host, listen: { host: address, port: first.port } });
        running.push({ host: o.host, address, server, certificate: o.certificate });
      }
      return running;
    } catch (error) {
      lastError = error;
      await Promise.all(running.map((r) => r.server.close()));
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
  throw new Error(`no SMTP port free on every lab address after ${PORT_ATTEMPTS} attempts: ${String(lastError)}`);
}

/** One HTTPS server for every policy host: certificate by SNI, policy by Host header. */
async function startPolicyServer(policies: { host: string; body: string; certificate: IssuedCertificate }[]): Promise<{ port: number; close(): Promise<void> }> {
  const byHost = new Map(policies.map((p) => [p.host, { ...p, context: tls.createSecureContext({ key: p.certificate.keyPem, cert: p.certificate.chainPem }) }]));
  const fallback = policies[0]!;
  const server = https.createServer(
    {
      key: fallback.certificate.keyPem,
      cert: fallback.certificate.chainPem,
      SNICallback: (name, done) => done(null, byHost.get(name.toLowerCase())?.context ?? byHost.get(fallback.host)!.context),
    },
    (req, res) => {
      const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
      const policy = byHost.get(host);
      if (!policy || req.url !== POLICY_PATH) {
        res.writeHead(404, { "Content-Type": "text/plain", Connection: "close" }).end("not found\n");
        return;
      }
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(policy.body), Connection: "close" }).end(policy.body);
    },
  );
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const ca = await createTestCa();
  const extra = options.mxHosts ?? [];
  const issueFor = async (host: string) => ({ host, certificate: await ca.issue({ names: [host] }) });
  const mxs = await startMxServers(await issueFor(options.mxHost), await Promise.all(extra.map((m) => issueFor(m.host))));
  const policyHosts = await Promise.all((options.policies ?? []).map(async (p) => ({ ...(await issueFor(`mta-sts.${p.domain}`)), body: p.body })));
  const policyServer = policyHosts.length > 0 ? await startPolicyServer(policyHosts) : undefined;

  // The lab's own zones: each MX host's address (and TLSA), each policy host's address.
  const hostZones: Zone[] = mxs.map((m) => {
    const spec = extra.find((e) => e.host === m.host);
    return {
      origin: m.host,
      dnssec: spec?.dnssec ?? "unsigned",
      records: [
        { name: "@", type: "A", data: m.address },
        ...(spec?.tlsa ? [{ name: "_25._tcp", type: "TLSA" as const, data: { usage: 3, selector: 1, matchingType: 1, data: spkiSha256Hex(m.certificate.certPem) } }] : []),
      ],
    };
  });
  for (const p of policyHosts) hostZones.push({ origin: p.host, dnssec: "unsigned", records: [{ name: "@", type: "A", data: "127.0.0.1" }] });

  const dns = await startDnsServer({ zones: [...hostZones, ...options.zones] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-lab-"));
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, ca.rootPem);
  const main = mxs[0]!;
  return {
    dns,
    smtp: main.server,
    ca,
    env: {
      MAILPOSTURE_DNS: dns.address,
      MAILPOSTURE_ALLOW_PRIVATE: "1",
      MAILPOSTURE_SMTP_PORT: String(main.server.port),
      // Without policy hosts nothing listens here: policy fetches fail fast instead of reaching out.
      MAILPOSTURE_HTTPS_PORT: String(policyServer?.port ?? 9),
      NODE_EXTRA_CA_CERTS: caFile,
    },
    mx(host) {
      const found = mxs.find((m) => m.host === host);
      if (!found) throw new Error(`lab: no MX host ${host}`);
      return found;
    },
    setZones(zones) {
      dns.setZones([...hostZones, ...zones]);
    },
    async close() {
      await Promise.all([dns.close(), ...mxs.map((m) => m.server.close()), policyServer?.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
