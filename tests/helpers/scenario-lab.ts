/**
 * A declarative mail lab on loopback for end-to-end scans, richer than lab.ts: one DNS server
 * playing a validating resolver (plus a non-validating twin over the same zones), one SMTP server
 * per MX host — all on ONE port, each on its own loopback address (127.0.0.2, 127.0.0.3, …) with
 * its own certificate from a test CA made now — and one HTTPS policy host per MTA-STS domain,
 * again on one port across loopback addresses.
 *
 *   const lab = await startScenarioLab([
 *     { domain: "good.test", dnssec: "signed",
 *       mx: [{ host: "mx1.good.test", variant: "valid", tlsa: ["3 1 1", "2 1 1"] }],
 *       mtaSts: { policy: { mode: "enforce" } } },
 *   ]);
 *   const report = await lab.scan("good.test");              // scanDomain over real sockets
 *   spawn(..., { env: { ...process.env, ...lab.env } });      // or the CLI, through the spec's variables
 *   await lab.close();
 *
 * Defaults, so a scenario names only what it is about: the zone is unsigned; TLS-RPT, DMARC
 * (p=reject with a rua in the domain) and SPF (`v=spf1 mx -all`, `v=spf1 -all` for a null MX)
 * are published and valid — pass `null` to publish none, or a string to publish that instead.
 * MTA-STS is published only when `mtaSts` is given: then the `_mta-sts` record defaults to a valid
 * one (`record: null` publishes none) and `mta-sts.<domain>` serves the policy.
 *
 * The HTTPS policy hosts are startHttpsPolicyServer instances (127.0.0.1, a port of their own);
 * a plain TCP forwarder on <policy address>:<httpsPort> connects each domain's policy address to
 * its server, so every domain can have its own policy and certificate at once.
 */
import { createHash } from "node:crypto";
import net from "node:net";
import { freePortOn } from "./free-port";
import { spkiSha256Of, type TrustAnchors } from "@/lib/scan/x509";
import type { ScanLimits } from "@/lib/scan/budget";
import { createScanDeps } from "@/lib/scan/default-deps";
import type { SmtpDeadlines } from "@/lib/scan/net/smtp";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import { scanDomain, type ScanDeps } from "@/lib/scan/scan-domain";
import type { ScanReport } from "@/lib/scan/types";
import { startDnsServer, type DnsServer, type Zone, type ZoneDnssec, type ZoneRecord } from "./dns-server";
import { startHttpsPolicyServer, type HttpsPolicyBehaviour, type HttpsPolicyServer } from "./https-server";
import { startSmtpServer, type SmtpServerVariant, type TestSmtpServer } from "./smtp-server";
import { createTestCa, type IssuedCertificate, type IssueOptions, type TestCa } from "./test-ca";

/** What an MX host is like. Certificates are issued by the lab CA for the host name unless the variant says otherwise. */
export type MxVariant =
  | "valid"
  | "expired"
  /** Valid, expiring in 5 days. */
  | "expiring-soon"
  /** Issued for another name (mail.elsewhere.test). */
  | "wrong-name"
  | "self-signed"
  /** Valid certificate, TLS 1.0 only. */
  | "tls10-only"
  | "no-starttls"
  | "421-greeting"
  /** STARTTLS → 220, then garbage instead of a ServerHello. */
  | "handshake-failure"
  /** Accepts the connection, never writes. */
  | "silent"
  /** The host name has no address records at all (and no server). */
  | "no-address"
  /** The host name is a CNAME loop (<host> → loop.<host> → <host>): no address, no server. */
  | "cname-loop"
  /** Valid certificate; answers STARTTLS with its 220 plus a plaintext "250 injected" in one write. */
  | "injection"
  /** Pipelines an unasked "250 STARTTLS" behind its greeting; the real EHLO reply offers no STARTTLS. */
  | "greeting-injection"
  /** The host has an address, but nothing listens there: every connection is refused (no server). */
  | "refused";

/** Variants whose host has no address and no server. */
type Serverless = "no-address" | "cname-loop";
const SERVERLESS: ReadonlySet<MxVariant> = new Set<Serverless>(["no-address", "cname-loop"]);

/**
 * A TLSA record at `_25._tcp.<host>`: "3 1 1" = the SHA-256 of the presented leaf's key; "2 1 1"
 * = that of the issuing (intermediate) CA, which the server sends; "3 1 1 other" = a key that is
 * not presented (a mismatch, or a next key); "1 1 1" = PKIX-EE of the leaf (unusable for SMTP);
 * or any record given in full.
 */
export type TlsaSpec = "3 1 1" | "2 1 1" | "3 1 1 other" | "1 1 1" | { usage: number; selector: number; matchingType: number; data: string };

export type ScenarioMx = {
  host: string;
  variant: MxVariant;
  /** Default 10, 20, … in the order given. */
  preference?: number;
  tlsa?: TlsaSpec[];
  /**
   * The implicit MX (RFC 5321 §5.1): no MX record is published, `host` must be the domain, and the
   * domain's own A record points at this server.
   */
  implicit?: boolean;
  /** DNSSEC state of the host's zone when it lies outside the domain (default: the scenario's). */
  dnssec?: ZoneDnssec;
};

export type PolicySpec = {
  mode: "enforce" | "testing" | "none";
  /** Default: every MX host of the scenario. */
  mx?: string[];
  /** Default 604800 (one week). */
  maxAge?: number;
};

export type ScenarioMtaSts = {
  /** The `_mta-sts` TXT record; default a valid one; null publishes none. */
  record?: string | null;
  /** The policy: a body as served, or the fields of a well-formed one. Default enforce over every MX. */
  policy?: string | PolicySpec;
  /** Content-Type of the policy; default text/plain; null sends none. */
  contentType?: string | null;
  /** Answer with a 301 to this URL instead of the policy. */
  redirect?: string;
  /** Any other behaviour of the policy host (overrides policy/contentType/redirect). */
  behaviour?: HttpsPolicyBehaviour;
  /** The policy host's certificate; default valid for mta-sts.<domain>. */
  certificate?: "valid" | "expired" | "wrong-name" | "self-signed";
};

export type Scenario = {
  domain: string;
  /** MX hosts, or "null" for an RFC 7505 null MX. */
  mx: ScenarioMx[] | "null";
  mtaSts?: ScenarioMtaSts;
  /** `_smtp._tls` TXT; default valid; null publishes none. */
  tlsRpt?: string | null;
  /** `_dmarc` TXT; default p=reject with a rua; null publishes none. */
  dmarc?: string | null;
  /** SPF TXT at the domain; default `v=spf1 mx -all`; null publishes none. */
  spf?: string | null;
  /** DNSSEC state of the domain's zone (default unsigned). */
  dnssec?: ZoneDnssec;
  /** Further records in the domain's zone. */
  records?: ZoneRecord[];
};

export type LabMx = {
  host: string;
  variant: MxVariant;
  /** The loopback address the host resolves to (absent for "no-address" and "cname-loop"). */
  address?: string;
  server?: TestSmtpServer;
  /** The certificate the server presents, when it does TLS. */
  certificate?: IssuedCertificate;
  /** TLSA records published, as "u s m hex". */
  tlsa: string[];
};

export type LabPolicyHost = { host: string; address: string; server: HttpsPolicyServer; certificate: IssuedCertificate };

export type LabScanOptions = {
  /** Which resolver the scanner asks (default the validating one). */
  resolver?: "validating" | "non-validating";
  /** Passed to createScanDeps and scanDomain (default true). */
  allowPrivate?: boolean;
  /** The scan's budget limits (scanDomain's `limits`; default the scanner's own). */
  limits?: Partial<ScanLimits>;
  /** Passed to scanDomain, as the services do. */
  signal?: AbortSignal;
};

export type ScenarioLab = {
  ca: TestCa;
  /** The validating resolver (AD on signed zones, SERVFAIL on bogus ones unless CD). */
  dns: DnsServer;
  /** The same zones, served by a resolver that does not validate. */
  plainDns: DnsServer;
  smtpPort: number;
  httpsPort: number;
  /** Only the lab CA's root: nothing else is trusted. */
  anchors: TrustAnchors;
  /** MAILPOSTURE_DNS, MAILPOSTURE_ALLOW_PRIVATE, MAILPOSTURE_SMTP_PORT, MAILPOSTURE_HTTPS_PORT, NODE_EXTRA_CA_CERTS. */
  env: Record<string, string>;
  scenario(domain: string): Scenario;
  mx(domain: string, host: string): LabMx;
  policyHost(domain: string): LabPolicyHost | undefined;
  /** TCP connections made to any SMTP server or policy host of the domain. */
  connections(domain: string): number;
  deps(options?: LabScanOptions): ScanDeps;
  /** scanDomain(domain) with this lab's dependencies. */
  scan(domain: string, options?: LabScanOptions): Promise<ScanReport>;
  /** Resolves once no SMTP or HTTPS socket of the lab is open. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export type ScenarioLabOptions = {
  /**
   * SMTP deadlines for lab scans (lab.scan/lab.deps only; the CLI uses the scanner's own). A
   * "silent" server otherwise holds a scan for the whole greeting deadline.
   */
  smtpDeadlines?: Partial<SmtpDeadlines>;
};

const DAY_MS = 86_400_000;
const STS_RECORD = "v=STSv1; id=20261128T120000";
const FIRST_LOOPBACK_HOST = 2;
const PORT_ATTEMPTS = 20;
const TLS_VARIANTS: ReadonlySet<MxVariant> = new Set(["valid", "expired", "expiring-soon", "wrong-name", "self-signed", "tls10-only", "injection"]);

const SERVER_VARIANT: Record<Exclude<MxVariant, Serverless | "refused">, SmtpServerVariant> = {
  injection: "injection",
  "greeting-injection": "greeting-injection",
  valid: "starttls",
  expired: "starttls",
  "expiring-soon": "starttls",
  "wrong-name": "starttls",
  "self-signed": "starttls",
  "tls10-only": "tls10-only",
  "no-starttls": "no-starttls",
  "421-greeting": "421-greeting",
  "handshake-failure": "handshake-failure",
  silent: "silent",
};

const lower = (name: string) => name.toLowerCase().replace(/\.$/, "");
const inZone = (name: string, origin: string) => name === origin || name.endsWith(`.${origin}`);

/** Issue options for a certificate of the given kind for `name`. */
function certificateFor(kind: "valid" | "expired" | "expiring-soon" | "wrong-name" | "self-signed", name: string): IssueOptions {
  const now = Date.now();
  switch (kind) {
    case "valid":
      return { names: [name] };
    case "expired":
      return { names: [name], notBefore: new Date(now - 60 * DAY_MS), notAfter: new Date(now - DAY_MS) };
    case "expiring-soon":
      return { names: [name], notBefore: new Date(now - 60 * DAY_MS), notAfter: new Date(now + 5 * DAY_MS) };
    case "wrong-name":
      return { names: ["mail.elsewhere.test"] };
    case "self-signed":
      return { names: [name], issuer: "self" };
  }
}

function policyBody(policy: PolicySpec, scenario: Scenario): string {
  const hosts = policy.mx ?? (scenario.mx === "null" ? [] : scenario.mx.map((m) => m.host));
  return ["version: STSv1", `mode: ${policy.mode}`, ...hosts.map((h) => `mx: ${h}`), `max_age: ${policy.maxAge ?? 604_800}`].join("\r\n") + "\r\n";
}

function policyBehaviour(sts: ScenarioMtaSts, scenario: Scenario): HttpsPolicyBehaviour {
  if (sts.behaviour) return sts.behaviour;
  if (sts.redirect !== undefined) return { kind: "redirect", location: sts.redirect };
  const policy = sts.policy ?? { mode: "enforce" };
  return { kind: "serve", body: typeof policy === "string" ? policy : policyBody(policy, scenario), contentType: sts.contentType === undefined ? "text/plain" : sts.contentType };
}

function tlsaRecord(spec: TlsaSpec, host: string, ca: TestCa, cert: IssuedCertificate | undefined): { usage: number; selector: number; matchingType: number; data: string } {
  if (typeof spec === "object") return spec;
  if (spec === "3 1 1 other") {
    return { usage: 3, selector: 1, matchingType: 1, data: createHash("sha256").update(`a key nobody presents: ${host}`).digest("hex") };
  }
  if (spec === "2 1 1") return { usage: 2, selector: 1, matchingType: 1, data: spkiSha256Of(ca.intermediateDer) ?? "" };
  if (!cert) throw new Error(`scenario: TLSA "${spec}" for ${host} needs a variant that presents a certificate`);
  return { usage: spec === "3 1 1" ? 3 : 1, selector: 1, matchingType: 1, data: spkiSha256Of(cert.der) ?? "" };
}

/** A TCP forwarder from `host:port` to 127.0.0.1:`targetPort`, tracking its sockets. */
type Forwarder = { close(): Promise<void>; openSockets(): number };

async function startForwarder(listen: { host: string; port: number }, targetPort: number): Promise<Forwarder> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(targetPort, "127.0.0.1");
    track(upstream);
    // A failure on either side ends both. The client gone, nothing more can reach it; the server
    // done (it closes after each answer), pipe() has already ended the client after the last byte.
    const both = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", both);
    upstream.on("error", both);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.end());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    openSockets: () => sockets.size,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Closable = { close(): Promise<void> };

/**
 * Starts every listener with `start(port)` on one port number, trying new ports while one of the
 * addresses has it taken (EADDRINUSE); whatever started on a failed attempt is closed again.
 */
async function onOnePort<T extends Closable>(firstHost: string, start: (port: number, started: Closable[]) => Promise<T[]>): Promise<{ port: number; items: T[] }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePortOn(firstHost);
    const started: Closable[] = [];
    try {
      return { port, items: await start(port, started) };
    } catch (error) {
      lastError = error;
      await Promise.all(started.map((s) => s.close()));
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
  throw new Error(`no port free on every lab address after ${PORT_ATTEMPTS} attempts: ${String(lastError)}`);
}

function validateScenarios(scenarios: Scenario[]): void {
  const domains = new Set<string>();
  for (const s of scenarios) {
    if (s.domain !== lower(s.domain)) throw new Error(`scenario domain must be lower case without a trailing dot: ${s.domain}`);
    if (domains.has(s.domain)) throw new Error(`scenario ${s.domain} given twice`);
    domains.add(s.domain);
    if (s.mx === "null") continue;
    for (const m of s.mx) {
      if (m.host !== lower(m.host)) throw new Error(`MX host must be lower case without a trailing dot: ${m.host}`);
      if (m.implicit && m.host !== s.domain) throw new Error(`the implicit MX of ${s.domain} must be the domain itself, not ${m.host}`);
      if (m.implicit && s.mx.length > 1) throw new Error(`${s.domain}: an implicit MX is the only one`);
    }
  }
}

/** Builds the zones, certificates and servers of `scenarios` and returns the running lab. */
export async function startScenarioLab(scenarios: Scenario[], options: ScenarioLabOptions = {}): Promise<ScenarioLab> {
  validateScenarios(scenarios);
  const ca = await createTestCa({ name: "scenario lab" });
  const closers: Closable[] = [];
  try {
    // Addresses first: every MX host with a server and every policy host gets its own.
    let next = FIRST_LOOPBACK_HOST;
    const take = () => {
      if (next > 254) throw new Error("scenario lab: out of 127.0.0.x addresses");
      return `127.0.0.${next++}`;
    };
    const mxByKey = new Map<string, LabMx>();
    const plannedPolicies: { domain: string; host: string; address: string; certificate: IssuedCertificate; behaviour: HttpsPolicyBehaviour }[] = [];
    for (const s of scenarios) {
      for (const m of s.mx === "null" ? [] : s.mx) {
        const certificate = TLS_VARIANTS.has(m.variant)
          ? await ca.issue(certificateFor(m.variant === "tls10-only" || m.variant === "injection" ? "valid" : (m.variant as Parameters<typeof certificateFor>[0]), m.host))
          : undefined;
        const tlsa = (m.tlsa ?? []).map((spec) => {
          const r = tlsaRecord(spec, m.host, ca, certificate);
          return `${r.usage} ${r.selector} ${r.matchingType} ${r.data.toLowerCase()}`;
        });
        mxByKey.set(`${s.domain} ${m.host}`, { host: m.host, variant: m.variant, ...(SERVERLESS.has(m.variant) ? {} : { address: take() }), ...(certificate ? { certificate } : {}), tlsa });
      }
      if (s.mtaSts) {
        const host = `mta-sts.${s.domain}`;
        const certificate = await ca.issue(certificateFor(s.mtaSts.certificate ?? "valid", host));
        plannedPolicies.push({ domain: s.domain, host, address: take(), certificate, behaviour: policyBehaviour(s.mtaSts, s) });
      }
    }

    // SMTP servers: one port, one loopback address each.
    const withServer = [...mxByKey.values()].filter((m) => m.address !== undefined && m.variant !== "refused");
    const smtp = await onOnePort(withServer[0]?.address ?? "127.0.0.1", async (port, started) => {
      // One after the other, so a failed attempt leaves nothing starting behind it.
      const items: TestSmtpServer[] = [];
      for (const m of withServer) {
        const server = await startSmtpServer(SERVER_VARIANT[m.variant as Exclude<MxVariant, Serverless | "refused">], {
          hostname: m.host,
          listen: { host: m.address!, port },
          ...(m.certificate ? { tls: { key: m.certificate.keyPem, cert: m.certificate.chainPem } } : {}),
        });
        started.push(server);
        items.push(server);
      }
      return items;
    });
    closers.push(...smtp.items);
    withServer.forEach((m, i) => (m.server = smtp.items[i]));

    // Policy hosts: each its own server on 127.0.0.1, reached through a forwarder on its address.
    const policyServers = await Promise.all(
      plannedPolicies.map(async (p) => {
        const server = await startHttpsPolicyServer({ cert: { keyPem: p.certificate.keyPem, chainPem: p.certificate.chainPem }, behaviour: p.behaviour });
        closers.push(server);
        return server;
      }),
    );
    const forwarders = await onOnePort(plannedPolicies[0]?.address ?? "127.0.0.1", async (port, started) => {
      const items: Forwarder[] = [];
      for (const [i, p] of plannedPolicies.entries()) {
        const forwarder = await startForwarder({ host: p.address, port }, policyServers[i]!.port);
        started.push(forwarder);
        items.push(forwarder);
      }
      return items;
    });
    // Forwarders close before the servers behind them.
    closers.unshift(...forwarders.items);
    const policies = new Map<string, LabPolicyHost>(plannedPolicies.map((p, i) => [p.domain, { host: p.host, address: p.address, server: policyServers[i]!, certificate: p.certificate }]));

    const zones = buildZones(scenarios, mxByKey, policies);
    const [dns, plainDns] = await Promise.all([startDnsServer({ zones }), startDnsServer({ zones, validating: false })]);
    closers.push(dns, plainDns);

    const anchors = (await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [ca.rootPem] })).anchors;
    const rootFile = await ca.writeRootPemFile();
    closers.push({ close: () => rootFile.remove() });

    const byDomain = new Map(scenarios.map((s) => [s.domain, s]));
    const must = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`scenario lab: no ${what}`);
      return value;
    };

    const deps = (o: LabScanOptions = {}): ScanDeps => {
      const base = createScanDeps({
        resolvers: [(o.resolver === "non-validating" ? plainDns : dns).resolver],
        anchors,
        allowPrivate: o.allowPrivate ?? true,
        httpsPort: forwarders.port,
      });
      const deadlines = options.smtpDeadlines;
      return deadlines ? { ...base, probe: (p) => base.probe({ ...p, deadlines: { ...deadlines, ...p.deadlines } }) } : base;
    };

    const servers = () => [...smtp.items, ...policyServers];
    return {
      ca,
      dns,
      plainDns,
      smtpPort: smtp.port,
      httpsPort: forwarders.port,
      anchors,
      env: {
        MAILPOSTURE_DNS: dns.address,
        MAILPOSTURE_ALLOW_PRIVATE: "1",
        MAILPOSTURE_SMTP_PORT: String(smtp.port),
        MAILPOSTURE_HTTPS_PORT: String(forwarders.port),
        NODE_EXTRA_CA_CERTS: rootFile.path,
      },
      scenario: (domain) => must(byDomain.get(domain), `scenario ${domain}`),
      mx: (domain, host) => must(mxByKey.get(`${domain} ${host}`), `MX ${host} in ${domain}`),
      policyHost: (domain) => policies.get(domain),
      connections(domain) {
        const mxServers = [...mxByKey.entries()].filter(([key]) => key.startsWith(`${domain} `)).map(([, m]) => m.server?.connections ?? 0);
        return mxServers.reduce((a, b) => a + b, 0) + (policies.get(domain)?.server.connections ?? 0);
      },
      deps,
      scan: (domain, o = {}) =>
        scanDomain(domain, deps(o), { allowPrivate: o.allowPrivate ?? true, smtpPort: smtp.port, ...(o.limits ? { limits: o.limits } : {}), ...(o.signal ? { signal: o.signal } : {}) }),
      async waitForIdle(timeoutMs = 5_000) {
        const until = Date.now() + timeoutMs;
        const open = () => servers().reduce((n, s) => n + s.openSockets(), 0) + forwarders.items.reduce((n, f) => n + f.openSockets(), 0);
        while (open() > 0) {
          if (Date.now() > until) throw new Error(`${open()} lab socket(s) still open after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

async function closeAll(closers: Closable[]): Promise<void> {
  // In order: forwarders before the policy servers they feed; failures do not stop the rest.
  for (const c of closers) {
    try {
      await c.close();
    } catch {
      // Already closed or never fully started.
    }
  }
}

/** The zones of every scenario: the domain's own, plus one per MX host outside it. */
function buildZones(scenarios: Scenario[], mxByKey: Map<string, LabMx>, policies: Map<string, LabPolicyHost>): Zone[] {
  const zones: Zone[] = [];
  for (const s of scenarios) {
    const dnssec = s.dnssec ?? "unsigned";
    const records: ZoneRecord[] = [];
    const hostZones = new Map<string, Zone>();
    const recordsFor = (host: string, m: ScenarioMx): { records: ZoneRecord[]; name: (label: string) => string } => {
      if (inZone(host, s.domain)) return { records, name: (label) => (label ? `${label}.${host}.` : `${host}.`) };
      let zone = hostZones.get(host);
      if (!zone) {
        zone = { origin: host, dnssec: m.dnssec ?? dnssec, records: [] };
        hostZones.set(host, zone);
      }
      return { records: zone.records, name: (label) => (label ? `${label}.${host}.` : `${host}.`) };
    };
    if (s.mx === "null") {
      records.push({ name: "@", type: "MX", data: "0 ." });
    } else {
      s.mx.forEach((m, i) => {
        const lab = mxByKey.get(`${s.domain} ${m.host}`)!;
        if (!m.implicit) records.push({ name: "@", type: "MX", data: { preference: m.preference ?? 10 * (i + 1), exchange: m.host } });
        const target = recordsFor(m.host, m);
        if (lab.address) target.records.push({ name: target.name(""), type: "A", data: lab.address });
        if (m.variant === "cname-loop") {
          target.records.push({ name: target.name(""), type: "CNAME", data: target.name("loop") }, { name: target.name("loop"), type: "CNAME", data: target.name("") });
        }
        for (const t of lab.tlsa) {
          const [usage, selector, matchingType, data = ""] = t.split(" ");
          target.records.push({ name: target.name("_25._tcp"), type: "TLSA", data: { usage: Number(usage), selector: Number(selector), matchingType: Number(matchingType), data } });
        }
      });
    }
    const policy = policies.get(s.domain);
    if (s.mtaSts) {
      const record = s.mtaSts.record === undefined ? STS_RECORD : s.mtaSts.record;
      if (record !== null) records.push({ name: "_mta-sts", type: "TXT", data: record });
    }
    if (policy) records.push({ name: "mta-sts", type: "A", data: policy.address });
    const tlsRpt = s.tlsRpt === undefined ? `v=TLSRPTv1; rua=mailto:tlsrpt@${s.domain}` : s.tlsRpt;
    if (tlsRpt !== null) records.push({ name: "_smtp._tls", type: "TXT", data: tlsRpt });
    const dmarc = s.dmarc === undefined ? `v=DMARC1; p=reject; rua=mailto:dmarc@${s.domain}` : s.dmarc;
    if (dmarc !== null) records.push({ name: "_dmarc", type: "TXT", data: dmarc });
    const spf = s.spf === undefined ? (s.mx === "null" ? "v=spf1 -all" : "v=spf1 mx -all") : s.spf;
    if (spf !== null) records.push({ name: "@", type: "TXT", data: spf });
    records.push(...(s.records ?? []));
    zones.push({ origin: s.domain, dnssec, records }, ...hostZones.values());
  }
  return zones;
}
