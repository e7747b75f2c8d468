/**
 * Change events from real scans (lib/report/changes.ts through lib/services/scans/run-scan.ts):
 * a loopback mail lab whose zone and servers change between scans, scanned by the real scanner
 * with a fake clock, stored by the real queue task. Each change yields exactly its events, once,
 * however often the unchanged state is scanned again.
 */
import { randomBytes, X509Certificate } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScanDeps } from "../../../lib/scan/default-deps";
import { loadTrustAnchors } from "../../../lib/scan/net/trust-store";
import { scanDomain } from "../../../lib/scan/scan-domain";
import type { TrustAnchors } from "../../../lib/scan/x509";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import type { Zone } from "../../helpers/dns-server";
import { openTestDb } from "../../helpers/db";
import { labDomainZone, startLab, type Lab } from "../../helpers/lab";
import { startSmtpServer } from "../../helpers/smtp-server";

const DAY = 86_400_000;
const db = openTestDb();
const suffix = randomBytes(4).toString("hex");
const domain = `events-${suffix}.test`;
const [mx1, mx2, mx3] = [`mx1.${domain}`, `mx2.${domain}`, `mx3.${domain}`];
const POLICY = `version: STSv1\nmode: enforce\nmx: ${mx1}\nmx: ${mx2}\nmax_age: 86400\n`;

let lab: Lab;
let anchors: TrustAnchors;
let clock = new Date();
let domainId: string;
let rotated: { close(): Promise<void> } | undefined;

function zone(mx: string[]): Zone {
  const z = labDomainZone(domain, mx1, { dnssec: "signed", txt: [] });
  return {
    ...z,
    records: [
      ...z.records.filter((r) => r.type !== "MX"),
      ...mx.map((h, i) => ({ name: "@", type: "MX" as const, data: `${10 * (i + 1)} ${h}.` })),
      { name: "_mta-sts", type: "TXT" as const, data: "v=STSv1; id=20261201" },
      { name: "_smtp._tls", type: "TXT" as const, data: `v=TLSRPTv1; rua=mailto:tls@${domain}` },
    ],
  };
}

function helpers(): JobHelpers {
  return { job: { locked_by: "test", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal } as unknown as JobHelpers;
}

/** One real scan of the lab at the fake clock, stored through the queue task; returns the new events. */
type Ev = { kind: string; subject: string; severity: string };

/** Events other than new findings, exactly; new findings by id (their set is the scanner's business). */
function split(events: Ev[]): { own: Ev[]; findings: string[] } {
  return { own: events.filter((e) => e.kind !== "finding-new"), findings: events.filter((e) => e.kind === "finding-new").map((e) => e.subject) };
}

async function scanAndStore(): Promise<Ev[]> {
  const deps = { ...createScanDeps({ resolvers: [lab.dns.resolver], anchors, allowPrivate: true, httpsPort: Number(lab.env.MAILPOSTURE_HTTPS_PORT) }), now: () => clock };
  const scan = await db.scan.create({ data: { domainId } });
  const task = createScanTask({ db, scan: (name) => scanDomain(name, deps, { allowPrivate: true, smtpPort: lab.smtp.port }), heartbeatMs: 60_000, scannerVersion: "test" });
  await task({ scanId: scan.id }, helpers());
  const done = await db.scan.findUniqueOrThrow({ where: { id: scan.id }, select: { status: true, error: true } });
  expect(done).toMatchObject({ status: "done" });
  const events = await db.event.findMany({ where: { scanId: scan.id }, select: { kind: true, subject: true, severity: true } });
  return events.sort((a, b) => `${a.kind} ${a.subject}`.localeCompare(`${b.kind} ${b.subject}`));
}

beforeAll(async () => {
  lab = await startLab({
    mxHost: mx1,
    mxHosts: [{ host: mx2, dnssec: "signed", tlsa: true }, { host: mx3, dnssec: "signed" }],
    zones: [zone([mx1, mx2])],
    policies: [{ domain, body: POLICY }],
  });
  anchors = (await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [lab.ca.rootPem] })).anchors;
  const ws = await db.workspace.create({ data: { slug: `ev-${suffix}`, name: `ev-${suffix}` } });
  domainId = (await db.domain.create({ data: { workspaceId: ws.id, name: domain } })).id;
}, 60_000);

afterAll(async () => {
  await rotated?.close();
  await lab?.close();
  await db.$disconnect();
});

describe("events from real scans", () => {
  it("a first scan and an unchanged rescan record no events", async () => {
    expect(await scanAndStore()).toEqual([]);
    expect(await scanAndStore()).toEqual([]);
  }, 60_000);

  it("an MX missing from the MTA-STS policy: the MX change and its findings, once", async () => {
    lab.setZones([zone([mx1, mx2, mx3])]);
    const { own, findings } = split(await scanAndStore());
    // mx3 is not in the enforce policy: senders refuse it, so STARTTLS stripping is possible again.
    expect(own).toEqual([
      { kind: "exposure-change", subject: "", severity: "high" },
      { kind: "grade-drop", subject: "", severity: "high" },
      { kind: "mx-change", subject: "", severity: "medium" },
    ]);
    expect(findings).toContain(`mta-sts-mx-mismatch@${mx3}`);
    expect(await scanAndStore()).toEqual([]);
  }, 60_000);

  it("a rotated key without a new TLSA record: the DANE break, once", async () => {
    const old = lab.mx(mx2);
    const port = old.server.port;
    await old.server.close();
    const fresh = await lab.ca.issue({ names: [mx2] });
    rotated = await startSmtpServer("starttls", { tls: { key: fresh.keyPem, cert: fresh.chainPem }, hostname: mx2, listen: { host: old.address, port } });
    const { own, findings } = split(await scanAndStore());
    expect(own).toEqual([{ kind: "dane-key-unmatched", subject: mx2, severity: "critical" }]);
    expect(findings).toEqual([`dane-tlsa-mismatch@${mx2}`]);
    expect(await scanAndStore()).toEqual([]);
  }, 60_000);

  it("certificates approaching expiry on a fake clock: one event per certificate at 14, 7 and 2 days", async () => {
    const notAfter = Date.parse(new X509Certificate(lab.mx(mx1).certificate.certPem).validTo);
    const expiry = (band: number, severity: string) => [mx1, mx2, mx3].map((h) => ({ kind: "cert-expiry", subject: `${h}:${band}`, severity }));
    clock = new Date(notAfter - 20 * DAY);
    expect(split(await scanAndStore()).own).toEqual([]);
    clock = new Date(notAfter - 13 * DAY);
    const at14 = split(await scanAndStore());
    expect(at14.own).toEqual(expiry(14, "medium"));
    expect(at14.findings).toContain(`cert-expiring-soon@${mx1}`);
    clock = new Date(notAfter - 12 * DAY);
    expect(await scanAndStore()).toEqual([]);
    clock = new Date(notAfter - 6 * DAY);
    expect(split(await scanAndStore()).own).toEqual(expiry(7, "high"));
    expect(split(await scanAndStore()).own).toEqual([]);
    clock = new Date(notAfter - 1.5 * DAY);
    expect(split(await scanAndStore()).own).toEqual(expiry(2, "critical"));
    expect(split(await scanAndStore()).own).toEqual([]);
    // Once each across all those scans.
    const all = await db.event.findMany({ where: { domainId, kind: "cert-expiry" }, select: { subject: true } });
    expect(all).toHaveLength(9);
  }, 60_000);
});
