/**
 * The MTA-STS check end to end over loopback: a real DNS server answers `_mta-sts.<domain>` and
 * `mta-sts.<domain>`, a real HTTPS policy host (certificates from a CA made at test time, trusted
 * through loadTrustAnchors) serves the policy, and lookupMtaStsRecord + fetchMtaStsPolicy +
 * evaluateMtaSts judge it against MX TLS verdicts supplied by each case. Each row names the RFC
 * 8461 section (or spec rule) it exercises and the exact set of finding ids.
 *
 * Hostile policy hosts get a small deadline; we assert what the fetch ended with, never how long
 * it took, and that the process's memory stays bounded across them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluateMtaSts, lookupMtaStsRecord, type MtaStsFindingId, type MtaStsPolicyFetch, type MtaStsResult, type MxTlsVerdict } from "@/lib/scan/checks/mta-sts";
import { fetchMtaStsPolicy } from "@/lib/scan/checks/mta-sts/fetch-policy";
import type { TrustAnchors } from "@/lib/scan/x509";
import { FINDING_CATALOGUE, FINDING_IDS } from "@/lib/scan/findings";
import { createDnsClient } from "@/lib/scan/net/dns";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import type { CheckStatus, Severity } from "@/lib/scan/types";
import { startDnsServer, type DnsServer, type Zone, type ZoneRecord } from "@/tests/helpers/dns-server";
import { startHttpsPolicyServer, type HttpsPolicyBehaviour, type HttpsPolicyServer } from "@/tests/helpers/https-server";
import { txt, zonesFor } from "@/tests/helpers/policy-zones";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const RECORD = "v=STSv1; id=20261128T120000";
/** MX hosts live under one provider domain, so one policy body fits every case. */
const MX_PATTERNS = ["mx1.provider.test", "*.backup.provider.test"];
const GOOD_MX: MxTlsVerdict[] = [
  { host: "mx1.provider.test", tlsOk: true },
  { host: "a.backup.provider.test", tlsOk: true },
];
/** Deadline of a well-behaved fetch (a safety margin, never reached) and of a hostile one. */
const FETCH_DEADLINE_MS = 5_000;
const HOSTILE_DEADLINE_MS = 1_000;
/** Safety net only: a hang fails the test instead of stalling the run. Not a duration assertion. */
const HANG_GUARD_MS = 20_000;
const MEMORY_LIMIT_BYTES = 50 * 1024 * 1024;

function policy(mode = "enforce", maxAge = 604_800, mx: readonly string[] = MX_PATTERNS): string {
  return `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join("")}max_age: ${maxAge}\r\n`;
}
const serve = (body: string): HttpsPolicyBehaviour => ({ kind: "serve", body });

type Row = {
  /** The RFC 8461 section (or spec rule) the case exercises. */
  rfc: string;
  name: string;
  domain: string;
  /** TXT records at _mta-sts.<domain>; null: none (default: one valid record). */
  record?: string[] | null;
  /** Whether mta-sts.<domain> has an address (default true). */
  address?: boolean;
  /** Replaces the default zone records of the domain entirely. */
  zone?: ZoneRecord[];
  /** DNSSEC-bogus: the domain's whole zone, or only the policy host (a zone of its own). Default: unsigned. */
  bogus?: "zone" | "policy-host";
  behaviour?: HttpsPolicyBehaviour;
  cert?: "good" | "wrong-name" | "other-ca";
  mx?: MxTlsVerdict[];
  ids: MtaStsFindingId[];
  status: CheckStatus;
  /** What the fetch observed. */
  fetch: MtaStsPolicyFetch["kind"];
  protection?: boolean;
  /** Severities of context-dependent findings (the mx ones); the rest must match the catalogue. */
  severities?: Partial<Record<MtaStsFindingId, Severity>>;
  /** Further checks on what was observed. */
  more?: (seen: { result: MtaStsResult; fetch: MtaStsPolicyFetch; server: HttpsPolicyServer }) => void;
};

const ROWS: Row[] = [
  {
    rfc: "RFC 8461 §3, §4", name: "clean enforce policy: no finding, counts as protection, every MX protected", domain: "sts-clean.test",
    ids: [], status: "pass", fetch: "ok", protection: true,
    more: ({ result, server }) => {
      expect(result).toMatchObject({ record: RECORD, recordId: "20261128T120000", policy: { version: "STSv1", mode: "enforce", maxAge: 604_800, mx: MX_PATTERNS } });
      expect(result.coverage.map((c) => [c.host, c.pattern, c.isProtected])).toEqual([
        ["mx1.provider.test", "mx1.provider.test", true],
        ["a.backup.provider.test", "*.backup.provider.test", true],
      ]);
      // RFC 8461 §3.3: SNI names the policy host; the well-known path is asked.
      expect(server.serverNames).toEqual(["mta-sts.sts-clean.test"]);
      expect(server.requests.map((r) => r.path)).toEqual(["/.well-known/mta-sts.txt"]);
    },
  },
  {
    rfc: "RFC 8461 §3.1", name: "no _mta-sts record and no policy host: missing", domain: "sts-missing.test",
    record: null, address: false, ids: ["mta-sts-missing"], status: "missing", fetch: "unavailable", protection: false,
    more: ({ server }) => expect(server.connections).toBe(0),
  },
  {
    rfc: "RFC 8461 §3.1 (spec: specific before generic)", name: "valid policy served but no record: policy-without-record replaces missing", domain: "sts-no-record.test",
    record: null, ids: ["mta-sts-policy-without-record"], status: "missing", fetch: "ok", protection: false,
  },
  {
    rfc: "RFC 8461 §3.1", name: "two v=STSv1 records: record-invalid", domain: "sts-two-records.test",
    record: [RECORD, "v=STSv1; id=2"], ids: ["mta-sts-record-invalid"], status: "fail", fetch: "ok", protection: false,
  },
  {
    rfc: "RFC 8461 §3.1", name: "id with punctuation: record-invalid (unrelated TXT ignored)", domain: "sts-bad-id.test",
    record: ["v=STSv1; id=2026-11-28", "google-site-verification=abc"], ids: ["mta-sts-record-invalid"], status: "fail", fetch: "ok", protection: false,
    more: ({ result }) => expect(result.recordError).toMatch(/id "2026-11-28"/),
  },
  {
    rfc: "RFC 8461 §3.3", name: "HTTP 404: policy-unavailable", domain: "sts-404.test",
    behaviour: { kind: "not-found" }, ids: ["mta-sts-policy-unavailable"], status: "fail", fetch: "unavailable", protection: false,
  },
  {
    rfc: "RFC 8461 §3.3", name: "policy host without an address: policy-unavailable, nothing contacted", domain: "sts-no-address.test",
    address: false, ids: ["mta-sts-policy-unavailable"], status: "fail", fetch: "unavailable", protection: false,
    more: ({ fetch, server }) => {
      expect(fetch).toEqual({ kind: "unavailable", reason: "mta-sts.sts-no-address.test has no address" });
      expect(server.connections).toBe(0);
    },
  },
  {
    rfc: "RFC 8461 §3.3", name: "301 redirect: policy-redirect replaces policy-unavailable, never followed", domain: "sts-redirect.test",
    behaviour: { kind: "redirect", location: "https://www.sts-redirect.test/mta-sts.txt" },
    ids: ["mta-sts-policy-redirect"], status: "fail", fetch: "redirect", protection: false,
    more: ({ server }) => expect(server.requests).toHaveLength(1),
  },
  {
    rfc: "RFC 8461 §3.3", name: "certificate for another name: policy-cert-invalid, no request sent", domain: "sts-cert-name.test",
    cert: "wrong-name", ids: ["mta-sts-policy-cert-invalid"], status: "fail", fetch: "cert-invalid", protection: false,
    more: ({ fetch, server }) => {
      expect(fetch.kind === "cert-invalid" && fetch.reason).toMatch(/not issued for mta-sts\.sts-cert-name\.test/);
      expect(server.requests).toEqual([]);
    },
  },
  {
    rfc: "RFC 8461 §3.3", name: "certificate from an untrusted CA: policy-cert-invalid", domain: "sts-cert-ca.test",
    cert: "other-ca", ids: ["mta-sts-policy-cert-invalid"], status: "fail", fetch: "cert-invalid", protection: false,
    more: ({ fetch }) => expect(fetch.kind === "cert-invalid" && fetch.reason).toMatch(/does not lead to a trusted root/),
  },
  {
    rfc: "RFC 8461 §3.2", name: "mode strict: policy-invalid", domain: "sts-bad-mode.test",
    behaviour: serve(policy("strict")), ids: ["mta-sts-policy-invalid"], status: "fail", fetch: "ok", protection: false,
    more: ({ result }) => expect(result.policyErrors?.map((e) => e.code)).toEqual(["invalid-mode"]),
  },
  {
    rfc: "RFC 8461 §3.2", name: "70 KB body: policy-invalid (not read past 64 KiB)", domain: "sts-large.test",
    behaviour: { kind: "large", bytes: 70 * 1024 }, ids: ["mta-sts-policy-invalid"], status: "fail", fetch: "too-large", protection: false,
  },
  {
    rfc: "RFC 8461 §3.2 (spec: content type)", name: "valid policy served as text/html: content-type, no protection", domain: "sts-html.test",
    behaviour: { kind: "html", body: policy() }, ids: ["mta-sts-policy-content-type"], status: "warn", fetch: "ok", protection: false,
    more: ({ result }) => {
      expect(result.fetch).toMatchObject({ kind: "ok", status: 200, contentType: "text/html; charset=utf-8" });
      expect(result.coverage.every((c) => c.matched && !c.isProtected)).toBe(true);
    },
  },
  {
    rfc: "RFC 8461 §5", name: "mode testing: mta-sts-testing, no protection", domain: "sts-testing.test",
    behaviour: serve(policy("testing")), ids: ["mta-sts-testing"], status: "warn", fetch: "ok", protection: false,
  },
  {
    rfc: "RFC 8461 §5", name: "mode none: mode-none, and no MX is judged", domain: "sts-none.test",
    behaviour: serve(policy("none")), mx: [{ host: "rogue.other.test", tlsOk: false, reason: "no STARTTLS" }],
    ids: ["mta-sts-mode-none"], status: "warn", fetch: "ok", protection: false,
  },
  {
    rfc: "RFC 8461 §3.2 (max_age)", name: "max_age of one day: max-age-short, still protection", domain: "sts-short.test",
    behaviour: serve(policy("enforce", 86_400)), ids: ["mta-sts-max-age-short"], status: "warn", fetch: "ok", protection: true,
  },
  {
    rfc: "RFC 8461 §4.1", name: "MX outside every pattern in enforce: mx-mismatch, critical", domain: "sts-mismatch.test",
    mx: [...GOOD_MX, { host: "mx.elsewhere.test", tlsOk: true }, { host: "a.b.backup.provider.test", tlsOk: true }],
    ids: ["mta-sts-mx-mismatch", "mta-sts-mx-mismatch"], status: "fail", fetch: "ok", protection: true,
    severities: { "mta-sts-mx-mismatch": "critical" },
    more: ({ result }) => {
      // A *. wildcard matches exactly one leftmost label.
      expect(result.findings.map((f) => f.host)).toEqual(["mx.elsewhere.test", "a.b.backup.provider.test"]);
      expect(result.coverage.find((c) => c.host === "a.b.backup.provider.test")).toMatchObject({ matched: false, isProtected: false });
    },
  },
  {
    rfc: "RFC 8461 §4.1, §5", name: "MX outside every pattern in testing: mx-mismatch, medium", domain: "sts-mismatch-testing.test",
    behaviour: serve(policy("testing")), mx: [...GOOD_MX, { host: "mx.elsewhere.test", tlsOk: true }],
    ids: ["mta-sts-testing", "mta-sts-mx-mismatch"], status: "warn", fetch: "ok", protection: false,
    severities: { "mta-sts-mx-mismatch": "medium" },
  },
  {
    rfc: "RFC 8461 §4.2", name: "covered MX failing TLS in enforce: mx-tls-invalid, critical", domain: "sts-mx-tls.test",
    mx: [{ host: "mx1.provider.test", tlsOk: false, reason: "certificate expired" }, GOOD_MX[1] as MxTlsVerdict],
    ids: ["mta-sts-mx-tls-invalid"], status: "fail", fetch: "ok", protection: true,
    severities: { "mta-sts-mx-tls-invalid": "critical" },
    more: ({ result }) => {
      expect(result.findings[0]).toMatchObject({ host: "mx1.provider.test", detail: expect.stringContaining("certificate expired") });
      expect(result.coverage.map((c) => c.isProtected)).toEqual([false, true]);
    },
  },
  {
    rfc: "RFC 8461 §4.2, §5", name: "covered MX failing TLS in testing: mx-tls-invalid, medium", domain: "sts-mx-tls-testing.test",
    behaviour: serve(policy("testing")), mx: [{ host: "mx1.provider.test", tlsOk: false, reason: "STARTTLS not offered" }],
    ids: ["mta-sts-testing", "mta-sts-mx-tls-invalid"], status: "warn", fetch: "ok", protection: false,
    severities: { "mta-sts-mx-tls-invalid": "medium" },
  },
  {
    rfc: "spec (unreachable MX is inconclusive)", name: "covered MX that could not be reached: no finding, still protected", domain: "sts-mx-unknown.test",
    mx: [{ host: "mx1.provider.test", tlsOk: "unknown", reason: "port 25 blocked" }], ids: [], status: "pass", fetch: "ok", protection: true,
    more: ({ result }) => expect(result.coverage[0]).toMatchObject({ matched: true, tlsOk: "unknown", isProtected: true }),
  },
  {
    rfc: "RFC 8461 §3.1, RFC 4035 §5.5", name: "DNSSEC-bogus zone: error, neither the unchecked record nor its host is used", domain: "sts-bogus.test",
    bogus: "zone", ids: [], status: "error", fetch: "unavailable", protection: false,
    more: ({ result, server }) => {
      expect(result.coverage.every((c) => !c.isProtected)).toBe(true);
      expect(server.connections).toBe(0);
    },
  },
  {
    rfc: "RFC 8461 §3.3, RFC 4035 §5.5", name: "DNSSEC-bogus policy host address: policy-unavailable, nothing contacted", domain: "sts-bogus-host.test",
    bogus: "policy-host", ids: ["mta-sts-policy-unavailable"], status: "fail", fetch: "unavailable", protection: false,
    more: ({ fetch, server }) => {
      expect(fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(/^mta-sts\.sts-bogus-host\.test could not be resolved \(A: DNSSEC bogus/) });
      expect(server.connections).toBe(0);
    },
  },
  {
    rfc: "RFC 8461 §3.1 (CNAME)", name: "_mta-sts record reached through a CNAME: clean", domain: "sts-cname.test",
    zone: [{ name: "_mta-sts", type: "CNAME", data: "_mta-sts.sts-provider.test" }, { name: "mta-sts", type: "A", data: "127.0.0.1" }],
    ids: [], status: "pass", fetch: "ok", protection: true,
    more: ({ result }) => expect(result.recordId).toBe("20261128T120000"),
  },
];

/** Zone of the CNAME case's provider: where its `_mta-sts` alias points. */
const PROVIDER_ZONE = { origin: "sts-provider.test", dnssec: "unsigned" as const, records: txt("_mta-sts", RECORD) };

const POLICY_HOST_ADDRESS: ZoneRecord = { name: "mta-sts", type: "A", data: "127.0.0.1" };

function zoneRecords(row: Pick<Row, "record" | "address" | "zone" | "bogus">): ZoneRecord[] {
  if (row.zone) return row.zone;
  const record = row.record === undefined ? [RECORD] : row.record;
  // A bogus policy host is published in a bogus zone of its own (see zonesOf).
  const address = row.address === false || row.bogus === "policy-host" ? [] : [POLICY_HOST_ADDRESS];
  return [...(record === null ? [] : txt("_mta-sts", ...record)), ...address];
}

/** Every zone of the rows: one per domain, bogus where the row says so. */
function zonesOf(rows: readonly Row[], extra: Zone[]): Zone[] {
  const plain = rows.filter((r) => r.bogus !== "zone").map((r) => ({ domain: r.domain, records: zoneRecords(r) }));
  const bogusZones = rows.filter((r) => r.bogus === "zone").map((r) => ({ domain: r.domain, records: zoneRecords({ ...r, bogus: undefined }) }));
  const bogusHosts = rows.filter((r) => r.bogus === "policy-host").map((r) => ({ domain: `mta-sts.${r.domain}`, records: [{ ...POLICY_HOST_ADDRESS, name: "@" }] }));
  return [...zonesFor(plain, extra), ...zonesFor([...bogusZones, ...bogusHosts], [], "bogus")];
}

type Hostile = { name: string; domain: string; behaviour: HttpsPolicyBehaviour; fetch: MtaStsPolicyFetch["kind"]; reason?: RegExp; ids: MtaStsFindingId[] };

const HOSTILE: Hostile[] = [
  {
    name: "a body that never ends, dripped: unavailable at the deadline", domain: "hostile-drip-body.test",
    behaviour: { kind: "endless", intervalMs: 20, chunkBytes: 256 }, fetch: "unavailable", reason: /^response body not complete within \d+ ms/, ids: ["mta-sts-policy-unavailable"],
  },
  {
    name: "a body that never ends, poured as fast as it is read: too-large at 64 KiB", domain: "hostile-flood-body.test",
    behaviour: { kind: "endless", intervalMs: 0, chunkBytes: 16 * 1024, framing: "chunked" }, fetch: "too-large", ids: ["mta-sts-policy-invalid"],
  },
  {
    name: "headers dripped a byte at a time, never ending: unavailable at the deadline", domain: "hostile-drip-headers.test",
    behaviour: { kind: "drip-headers", intervalMs: 20 }, fetch: "unavailable", reason: /^no complete response header within \d+ ms$/, ids: ["mta-sts-policy-unavailable"],
  },
  {
    name: "a 1 MiB header field: unavailable at the header cap", domain: "hostile-big-header.test",
    behaviour: { kind: "raw", response: `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Junk: ${"a".repeat(1024 * 1024)}\r\n\r\n${policy()}` },
    fetch: "unavailable", reason: /header section exceeds/, ids: ["mta-sts-policy-unavailable"],
  },
  {
    name: "a host that completes the handshake and never answers: unavailable at the deadline", domain: "hostile-stall.test",
    behaviour: { kind: "stall" }, fetch: "unavailable", reason: /^no complete response header within/, ids: ["mta-sts-policy-unavailable"],
  },
];

let ca: TestCa;
let anchors: TrustAnchors;
let certs: Record<NonNullable<Row["cert"]>, IssuedCertificate>;
let dns: DnsServer;
const servers: HttpsPolicyServer[] = [];

const socketHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TLSWrap").length;

beforeAll(async () => {
  ca = await createTestCa();
  const store = await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [ca.rootPem] });
  expect(store.warnings).toEqual([]);
  anchors = store.anchors;
  const hosts = [...ROWS, ...HOSTILE].map((r) => `mta-sts.${r.domain}`);
  const otherCa = await createTestCa({ name: "untrusted" });
  certs = {
    good: await ca.issue({ names: hosts }),
    "wrong-name": await ca.issue({ names: ["www.sts-cert-name.test"] }),
    "other-ca": await otherCa.issue({ names: hosts }),
  };
  const hostile = HOSTILE.map((h): Row => ({ rfc: "", name: h.name, domain: h.domain, ids: [], status: "fail", fetch: h.fetch }));
  dns = await startDnsServer({ zones: zonesOf([...ROWS, ...hostile], [PROVIDER_ZONE]) });
});

afterEach(async () => {
  // Every connection the fetch opened is closed again, on the server's side and on ours.
  for (const server of servers) {
    await server.waitForIdle();
    expect(server.openSockets()).toBe(0);
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (let i = 0; i < 100 && socketHandles() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(socketHandles()).toBe(0);
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await dns?.close();
});

async function startPolicyHost(behaviour: HttpsPolicyBehaviour, cert: IssuedCertificate): Promise<HttpsPolicyServer> {
  const server = await startHttpsPolicyServer({ cert: { keyPem: cert.keyPem, chainPem: cert.chainPem }, behaviour });
  servers.push(server);
  return server;
}

/** The whole check for one domain, as the scan does it: record lookup, policy fetch, evaluation. */
async function checkMtaSts(options: { domain: string; server: HttpsPolicyServer; mx: MxTlsVerdict[]; deadlineMs: number; resolver?: DnsServer }) {
  const client = createDnsClient({ resolvers: [(options.resolver ?? dns).resolver] });
  const [record, fetched] = await Promise.all([
    lookupMtaStsRecord(client, options.domain),
    fetchMtaStsPolicy({ domain: options.domain, dns: client, port: options.server.port, allowPrivate: true, anchors, now: new Date(), deadlineMs: options.deadlineMs }),
  ]);
  return { record, fetch: fetched.fetch, result: evaluateMtaSts({ domain: options.domain, record, policy: fetched.fetch, mx: options.mx }) };
}

const sortedIds = (result: MtaStsResult): string[] => result.findings.map((f) => f.id).sort();

describe("MTA-STS check over loopback DNS and HTTPS (RFC 8461)", () => {
  it.each(ROWS.map((row): [string, Row] => [`${row.rfc}: ${row.name} (${row.domain})`, row]))("%s", async (_title, row) => {
    const server = await startPolicyHost(row.behaviour ?? serve(policy()), certs[row.cert ?? "good"]);
    const { fetch, result } = await checkMtaSts({ domain: row.domain, server, mx: row.mx ?? GOOD_MX, deadlineMs: FETCH_DEADLINE_MS });
    expect(fetch.kind).toBe(row.fetch);
    expect(sortedIds(result)).toEqual([...row.ids].sort());
    expect(result.status).toBe(row.status);
    if (row.protection !== undefined) expect(result.countsAsProtection).toBe(row.protection);
    for (const f of result.findings) expect(f.severity).toBe(row.severities?.[f.id] ?? FINDING_CATALOGUE[f.id].severity);
    row.more?.({ result, fetch, server });
  }, HANG_GUARD_MS);

  it("the CNAME is followed by the client too when the resolver hands back the alias alone", async () => {
    const row = ROWS.find((r) => r.domain === "sts-cname.test") as Row; // safe: defined above
    const authoritative = await startDnsServer({ zones: zonesOf([row], [PROVIDER_ZONE]), followCnames: false });
    try {
      const server = await startPolicyHost(serve(policy()), certs.good);
      const { record, result } = await checkMtaSts({ domain: "sts-cname.test", server, mx: GOOD_MX, deadlineMs: FETCH_DEADLINE_MS, resolver: authoritative });
      expect(record).toMatchObject({ outcome: "present", records: [RECORD], cnames: ["_mta-sts.sts-provider.test"] });
      expect(result).toMatchObject({ status: "pass", findings: [], countsAsProtection: true });
      expect(authoritative.count({ name: "_mta-sts.sts-provider.test", type: "TXT" })).toBe(1);
    } finally {
      await authoritative.close();
    }
  }, HANG_GUARD_MS);

  it("every mta-sts-* id the check raises is covered by a row, and a clean row raises none", () => {
    // mta-sts-policy-changed-id-unchanged compares two scans: it belongs to the history, not to evaluateMtaSts.
    const owned = FINDING_IDS.filter((id) => id.startsWith("mta-sts-") && id !== "mta-sts-policy-changed-id-unchanged");
    const raised = new Set(ROWS.flatMap((row) => row.ids));
    expect(owned.filter((id) => !raised.has(id as MtaStsFindingId))).toEqual([]);
    expect(ROWS.some((row) => row.ids.length === 0 && row.status === "pass" && row.protection === true)).toBe(true);
  });
});

describe("hostile policy hosts end within the deadline passed, in bounded memory", () => {
  it.each(HOSTILE.map((h): [string, Hostile] => [h.name, h]))("%s", async (_title, hostile) => {
    const server = await startPolicyHost(hostile.behaviour, certs.good);
    const { fetch, result } = await checkMtaSts({ domain: hostile.domain, server, mx: GOOD_MX, deadlineMs: HOSTILE_DEADLINE_MS });
    expect(fetch.kind).toBe(hostile.fetch);
    if (hostile.reason) expect(fetch.kind === "unavailable" && fetch.reason).toMatch(hostile.reason);
    expect(sortedIds(result)).toEqual([...hostile.ids].sort());
    expect(result).toMatchObject({ status: "fail", countsAsProtection: false });
  }, HANG_GUARD_MS);

  it("three rounds of every hostile host grow the resident set by less than 50 MB", async () => {
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 3; round++) {
      for (const hostile of HOSTILE) {
        const server = await startPolicyHost(hostile.behaviour, certs.good);
        const { fetch } = await checkMtaSts({ domain: hostile.domain, server, mx: GOOD_MX, deadlineMs: HOSTILE_DEADLINE_MS });
        expect(fetch.kind).toBe(hostile.fetch);
        await server.waitForIdle();
        await server.close();
        servers.splice(servers.indexOf(server), 1);
      }
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(MEMORY_LIMIT_BYTES);
  }, 6 * HANG_GUARD_MS);
});
