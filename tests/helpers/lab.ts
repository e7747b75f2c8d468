/**
 * A mail lab on loopback for end-to-end scans: a DNS server for the zones, STARTTLS SMTP servers
 * with certificates from a test CA made now, and the environment that points the scanner at them
 * (the spec's variables). Used by pipeline and browser tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestCa, type TestCa } from "./test-ca";
import { startDnsServer, type DnsServer, type Zone } from "./dns-server";
import { startSmtpServer, type TestSmtpServer } from "./smtp-server";

export type Lab = {
  dns: DnsServer;
  smtp: TestSmtpServer;
  ca: TestCa;
  /** Environment for the web app, workers or CLI. */
  env: Record<string, string>;
  close(): Promise<void>;
};

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

export async function startLab(options: { zones: Zone[]; mxHost: string }): Promise<Lab> {
  const ca = await createTestCa();
  const leaf = await ca.issue({ names: [options.mxHost] });
  const smtp = await startSmtpServer("starttls", { tls: { key: leaf.keyPem, cert: leaf.chainPem }, hostname: options.mxHost });
  const mxZone: Zone = { origin: options.mxHost, dnssec: "unsigned", records: [{ name: "@", type: "A", data: "127.0.0.1" }] };
  const dns = await startDnsServer({ zones: [mxZone, ...options.zones] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-lab-"));
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, ca.rootPem);
  return {
    dns,
    smtp,
    ca,
    env: {
      MAILPOSTURE_DNS: dns.address,
      MAILPOSTURE_ALLOW_PRIVATE: "1",
      MAILPOSTURE_SMTP_PORT: String(smtp.port),
      // Nothing listens here: policy fetches fail fast instead of reaching out.
      MAILPOSTURE_HTTPS_PORT: "9",
      NODE_EXTRA_CA_CERTS: caFile,
    },
    async close() {
      await Promise.all([dns.close(), smtp.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
