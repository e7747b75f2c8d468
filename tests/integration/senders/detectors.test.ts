/**
 * The sender-report detectors end to end (docs/monitoring.md, "Events from sender reports"): a
 * stored scan saw STARTTLS offered on mx1; TLS-RPT reports from two organisations say
 * `starttls-not-supported` for it → exactly one `sender-possible-stripping` event, however often
 * the detectors run, and a real queue worker delivers its alert to a webhook receiver on loopback.
 * When the scan agrees (STARTTLS not offered), no stripping event.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { detectSilentReporters, runDetectors } from "../../../lib/services/ingest/detectors";
import type { MonitoringOptions } from "../../../lib/services/monitoring/runtime";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { startWorker, type WorkerHandle } from "../../../lib/services/worker";
import { createIsolatedDatabase } from "../../helpers/db";
import { mailReport, storeDoneScan } from "../services/fix-fixtures";

const SECRET = "detector-secret";
let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let worker: WorkerHandle;
const received: { body: string; signature?: string }[] = [];
let server: http.Server;
let hookUrl = "";

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 5);
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-mailposture-signature"] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const now = () => new Date();
  const monitoring: MonitoringOptions = {
    scheduler: false,
    tickMs: 60_000,
    digestHourUtc: 8,
    now,
    alerts: { retryBaseMs: 20, appUrl: "https://mailposture.test", send: { allowPrivate: true, from: "mailposture <alerts@mailposture.test>", now } },
  };
  const scanTask = createScanTask({ db, scan: async () => { throw new Error("no scans here"); }, heartbeatMs: 60_000, scannerVersion: "test" });
  worker = await startWorker({ databaseUrl: iso.url, db, scanTask: scanTask as never, concurrency: 2, staleAfterMs: 60_000, monitoring });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await db?.$disconnect();
  await new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r()));
  await iso?.drop();
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A workspace with one immediate webhook channel for every kind from medium up, and a domain scanned once. */
async function scannedDomain(starttls: "ok" | "not-offered") {
  const slug = `senders-${randomUUID().slice(0, 8)}`;
  const ws = await db.workspace.create({ data: { slug, name: slug } });
  await db.alertChannel.create({ data: { workspaceId: ws.id, kind: "webhook", name: "hook", target: hookUrl, secret: SECRET, rules: { create: [{ kinds: [], minSeverity: "medium", mode: "immediate" }] } } });
  const name = `${slug}.example`;
  const report = mailReport(name);
  report.mx[0]!.endpoints[0]!.starttls = starttls;
  const { domainId } = await storeDoneScan(db, report, name, ws.id);
  return { workspaceId: ws.id, domainId, mx1: `mx1.${name}` };
}

/** A stored TLS-RPT report (as the ingest job stores it) from `org` with one failure detail. */
async function tlsReport(d: { workspaceId: string; domainId: string }, org: string, failure: { resultType: string; receivingMxHost?: string; receivingIp?: string }, day = "2026-12-01") {
  const bytes = Buffer.from(`${org} ${randomUUID()}`);
  const raw = await db.rawReport.create({ data: { workspaceId: d.workspaceId, sha256: createHash("sha256").update(bytes).digest("hex"), channel: "https", kind: "tlsrpt", bytes, status: "parsed" } });
  const rep = await db.senderReport.create({
    data: { workspaceId: d.workspaceId, rawId: raw.id, kind: "tlsrpt", domainId: d.domainId, orgName: org, reportId: randomUUID(), rangeStart: new Date(`${day}T00:00:00Z`), rangeEnd: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000), verified: false },
  });
  await db.tlsRptPolicy.create({
    data: {
      reportId: rep.id,
      domainId: d.domainId,
      policyType: "no-policy-found",
      policyDomain: "x",
      policyStrings: [],
      mxHosts: [],
      successCount: 10,
      failureCount: 2,
      failures: { create: [{ domainId: d.domainId, resultType: failure.resultType, receivingMxHost: failure.receivingMxHost ?? null, receivingIp: failure.receivingIp ?? null, failedSessions: 2 }] },
    },
  });
  return rep.id;
}

describe("sender-report detectors", () => {
  it("two organisations reporting starttls-not-supported for an MX the scan saw offering STARTTLS: one stripping event, alerted once", async () => {
    const d = await scannedDomain("ok");
    const first = await tlsReport(d, "Google Inc.", { resultType: "starttls-not-supported", receivingMxHost: `${d.mx1}.` });
    await runDetectors(db, { ...d, senderReportId: first });
    // One witness is not enough.
    expect(await db.event.count({ where: { domainId: d.domainId, kind: "sender-possible-stripping" } })).toBe(0);

    const second = await tlsReport(d, "Microsoft Corporation", { resultType: "starttls-not-supported", receivingIp: "192.0.2.10" });
    await runDetectors(db, { ...d, senderReportId: second });
    await runDetectors(db, { ...d, senderReportId: second });
    const third = await tlsReport(d, "Yahoo", { resultType: "starttls-not-supported", receivingMxHost: d.mx1 });
    await runDetectors(db, { ...d, senderReportId: third });

    const stripping = await db.event.findMany({ where: { domainId: d.domainId, kind: "sender-possible-stripping" } });
    expect(stripping).toHaveLength(1);
    expect(stripping[0]).toMatchObject({ severity: "critical", subject: d.mx1, scanId: null, previousScanId: null });
    // The first-seen failure type fired once too, from the first report.
    expect(await db.event.count({ where: { domainId: d.domainId, kind: "sender-failure-new" } })).toBe(1);

    await until("the stripping alert reaches the webhook", async () => received.some((m) => m.body.includes(stripping[0]!.id)));
    const mine = received.filter((m) => (JSON.parse(m.body) as { event: { id: string } }).event.id === stripping[0]!.id);
    expect(mine).toHaveLength(1);
    const body = JSON.parse(mine[0]!.body) as { type: string; event: { kind: string; severity: string; compareUrl: string; scanId: string | null } };
    expect(body.event).toMatchObject({ kind: "sender-possible-stripping", severity: "critical", scanId: null });
    expect(body.event.compareUrl).toContain("/senders");
    expect(mine[0]!.signature).toBe(`sha256=${createHmac("sha256", SECRET).update(mine[0]!.body).digest("hex")}`);
  });

  it("no stripping event when the scan agrees that the MX does not offer STARTTLS", async () => {
    const d = await scannedDomain("not-offered");
    for (const org of ["Google Inc.", "Microsoft Corporation"]) {
      const id = await tlsReport(d, org, { resultType: "starttls-not-supported", receivingMxHost: d.mx1 });
      await runDetectors(db, { ...d, senderReportId: id });
    }
    expect(await db.event.count({ where: { domainId: d.domainId, kind: "sender-possible-stripping" } })).toBe(0);
    expect(await db.event.count({ where: { domainId: d.domainId, kind: "sender-failure-new" } })).toBe(1);
  });

  it("an unverified mail report raises nothing; a receiving IP the scan never resolved does", async () => {
    const d = await scannedDomain("ok");
    const mail = await tlsReport(d, "Mailer", { resultType: "certificate-expired", receivingIp: "198.51.100.7" });
    const rawId = (await db.senderReport.findUniqueOrThrow({ where: { id: mail } })).rawId;
    await db.rawReport.update({ where: { id: rawId }, data: { channel: "imap" } });
    await runDetectors(db, { ...d, senderReportId: mail });
    expect(await db.event.count({ where: { domainId: d.domainId } })).toBe(0);

    const https = await tlsReport(d, "Mailer", { resultType: "certificate-expired", receivingIp: "198.51.100.7" });
    await runDetectors(db, { ...d, senderReportId: https });
    const kinds = (await db.event.findMany({ where: { domainId: d.domainId }, select: { kind: true, subject: true } })).map((e) => `${e.kind} ${e.subject}`).sort();
    expect(kinds).toEqual(["sender-failure-new certificate-expired@", "sender-unknown-receiving-ip 198.51.100.7"]);
  });

  it("a reporter with daily reports that stopped 4 days ago is reported silent once", async () => {
    const d = await scannedDomain("ok");
    const now = new Date("2026-12-20T12:00:00Z");
    for (let i = 0; i < 7; i++) {
      const day = new Date(Date.parse("2026-12-09T00:00:00Z") + i * 86_400_000).toISOString().slice(0, 10);
      await tlsReport(d, "Regular Reporter", { resultType: "sts-policy-fetch-error" }, day);
    }
    await detectSilentReporters(db, now, { force: true });
    await detectSilentReporters(db, now, { force: true });
    const silent = await db.event.findMany({ where: { domainId: d.domainId, kind: "sender-silent" } });
    expect(silent.map((e) => e.subject)).toEqual(["regular reporter@2026-12-16"]);
  });
});
