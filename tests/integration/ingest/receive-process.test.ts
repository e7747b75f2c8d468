/**
 * Storing sender reports (docs/ingest.md): each file once by SHA-256, each report once by
 * (kind, org, report id) whatever path it came by, reports for foreign domains rejected with
 * nothing stored, a same-id report with other content flagged, and the day roll-up summed.
 * The job body (processRawReport) is called directly here; worker.test.ts runs it on the queue.
 */
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { processRawReport } from "../../../lib/services/ingest/process";
import { receiveReport, sha256Hex } from "../../../lib/services/ingest/receive";
import { uploadReports } from "../../../lib/services/ingest/upload";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { roleScope } from "../../helpers/scope";
import { dmarcXml, tlsRptGzip, tlsRptJson } from "./fixtures";

const db = openTestDb();
let scope: Scope;
let otherWorkspaceId: string;
const rawIds: string[] = [];

async function newDomain(label: string, workspaceId = scope.workspaceId): Promise<{ id: string; name: string }> {
  return db.domain.create({ data: { workspaceId, name: uniqueDomain(label) }, select: { id: true, name: true } });
}

async function receive(bytes: Buffer, options: Parameters<typeof receiveReport>[2]) {
  const r = await receiveReport(scope.workspaceId, bytes, options, db);
  rawIds.push(r.rawId);
  return r;
}

const senderDay = (domainId: string, day = "2026-11-30") => db.senderDay.findUnique({ where: { domainId_day: { domainId, day: new Date(`${day}T00:00:00Z`) } } });

beforeAll(async () => {
  const tag = randomBytes(4).toString("hex");
  const ws = await db.workspace.create({ data: { slug: `ingest-${tag}`, name: "Ingest" } });
  const other = await db.workspace.create({ data: { slug: `ingest-other-${tag}`, name: "Ingest other" } });
  scope = systemScope(ws.id);
  otherWorkspaceId = other.id;
});

afterAll(async () => {
  // The queue jobs these tests left (nothing runs them on the shared database), then the workspaces' rows.
  for (const id of rawIds) await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${id}`})`;
  await db.workspace.deleteMany({ where: { id: { in: [scope.workspaceId, otherWorkspaceId] } } });
  await db.$disconnect();
});

describe("receiveReport", () => {
  it("keeps a file once by SHA-256 and queues one job for it", async () => {
    const domain = await newDomain("once");
    const bytes = tlsRptGzip({ domain: domain.name });
    const first = await receive(bytes, { channel: "https", contentType: "application/tlsrpt+gzip" });
    const again = await receive(bytes, { channel: "upload", filename: "again.json.gz" });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ rawId: first.rawId, duplicate: true });
    expect(await db.rawReport.count({ where: { workspaceId: scope.workspaceId, sha256: sha256Hex(bytes) } })).toBe(1);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`ingest:${first.rawId}`} AND task_identifier = 'ingest-report'`;
    expect(Number(jobs[0]?.n)).toBe(1);
  });

  it("keeps mail unverified unless the caller says its checks passed, and never marks other channels verified", async () => {
    const domain = await newDomain("verif");
    const unverified = await receive(tlsRptGzip({ domain: domain.name, reportId: "u" }), { channel: "imap" });
    const verified = await receive(tlsRptGzip({ domain: domain.name, reportId: "v" }), { channel: "imap", verified: true });
    const https = await receive(tlsRptGzip({ domain: domain.name, reportId: "h" }), { channel: "https", verified: true });
    const rows = await db.rawReport.findMany({ where: { id: { in: [unverified.rawId, verified.rawId, https.rawId] } }, select: { id: true, verified: true } });
    const byId = new Map(rows.map((r) => [r.id, r.verified]));
    expect([byId.get(unverified.rawId), byId.get(verified.rawId), byId.get(https.rawId)]).toEqual([false, true, false]);
  });
});

describe("uploadReports", () => {
  it("stores each file once, reports per-file outcomes, and the job stores the report with its rows", async () => {
    const domain = await newDomain("upload");
    const report = Buffer.from(tlsRptJson({ domain: domain.name, org: "Upload Org", failures: [{ type: "certificate-expired", sessions: 4 }] }));
    const outcomes = await uploadReports(scope, [
      { filename: "a.json", contentType: "application/json", bytes: report },
      { filename: "same.json", bytes: report },
      { filename: "empty.json", bytes: Buffer.alloc(0) },
    ], db);
    expect(outcomes.map((o) => (o.ok ? (o.duplicate ? "duplicate" : "new") : o.error))).toEqual(["new", "duplicate", "The report is empty"]);
    const first = outcomes[0]!;
    if (!first.ok) throw new Error("first upload failed");
    rawIds.push(first.rawId);

    const result = await processRawReport(first.rawId, db);
    expect(result.status).toBe("parsed");
    const raw = await db.rawReport.findUniqueOrThrow({ where: { id: first.rawId } });
    expect(raw).toMatchObject({ status: "parsed", kind: "tlsrpt", channel: "upload", error: null });
    expect(raw.processedAt).toBeInstanceOf(Date);
    const stored = await db.senderReport.findMany({ where: { rawId: first.rawId }, include: { tlsPolicies: { include: { failures: true } } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "tlsrpt", orgName: "Upload Org", domainId: domain.id, verified: true, conflict: false });
    expect(stored[0]!.tlsPolicies[0]!.failures.map((f) => [f.resultType, Number(f.failedSessions)])).toEqual([["certificate-expired", 4]]);

    // Processing again (a retry) stores nothing twice.
    await processRawReport(first.rawId, db);
    expect(await db.senderReport.count({ where: { domainId: domain.id } })).toBe(1);
    expect((await senderDay(domain.id))?.reports).toBe(1);
  });

  it("refuses a viewer (403) and stores nothing", async () => {
    const before = await db.rawReport.count({ where: { workspaceId: scope.workspaceId } });
    await expect(uploadReports(roleScope(scope.workspaceId, "viewer"), [{ filename: "x.json", bytes: Buffer.from("{}") }], db)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.rawReport.count({ where: { workspaceId: scope.workspaceId } })).toBe(before);
  });
});

describe("processRawReport", () => {
  it("stores the same report once when it arrives by mail and by HTTPS in different wrappings", async () => {
    const domain = await newDomain("twice");
    const fixture = { domain: domain.name, org: "Both Ways", reportId: "both-1", failures: [{ type: "starttls-not-supported", sessions: 2 }] };
    const byMail = await receive(tlsRptGzip(fixture, 1_000), { channel: "imap", verified: true });
    const byHttps = await receive(tlsRptGzip(fixture, 2_000), { channel: "https", contentType: "application/tlsrpt+gzip" });
    // Two files (the gzip headers differ), one report.
    expect(byMail.rawId).not.toBe(byHttps.rawId);
    expect((await processRawReport(byMail.rawId, db)).status).toBe("parsed");
    expect((await processRawReport(byHttps.rawId, db)).status).toBe("duplicate");
    expect(await db.senderReport.count({ where: { workspaceId: scope.workspaceId, orgName: "Both Ways" } })).toBe(1);
    const second = await db.rawReport.findUniqueOrThrow({ where: { id: byHttps.rawId } });
    expect(second.status).toBe("duplicate");
    const day = await senderDay(domain.id);
    expect(day?.reports).toBe(1);
    expect(Number(day?.tlsFailure)).toBe(2);
  });

  it("rejects a report for a domain outside the workspace and stores nothing from it", async () => {
    const foreign = await newDomain("foreign", otherWorkspaceId);
    const unknown = `nowhere-${randomBytes(4).toString("hex")}.example`;
    for (const name of [foreign.name, unknown]) {
      const r = await receive(tlsRptGzip({ domain: name, reportId: `rej-${name}` }), { channel: "https" });
      const result = await processRawReport(r.rawId, db);
      expect(result.status).toBe("rejected");
      const raw = await db.rawReport.findUniqueOrThrow({ where: { id: r.rawId } });
      expect(raw.status).toBe("rejected");
      expect(raw.error).toContain(name);
      expect(raw.error).toMatch(/not a domain of this workspace/);
      expect(await db.senderReport.count({ where: { rawId: r.rawId } })).toBe(0);
    }
    expect(await db.senderReport.count({ where: { domainId: foreign.id } })).toBe(0);
    expect(await senderDay(foreign.id)).toBeNull();
  });

  it("matches the report's domain through the one normaliser (upper case, trailing dot)", async () => {
    const domain = await newDomain("norm");
    const r = await receive(Buffer.from(dmarcXml({ domain: `${domain.name.toUpperCase()}.`, reportId: "norm-dmarc", rows: [{ ip: "192.0.2.1", count: 1, dkim: "pass", spf: "pass" }] })), { channel: "upload" });
    expect((await processRawReport(r.rawId, db)).status).toBe("parsed");
    expect(await db.senderReport.count({ where: { domainId: domain.id } })).toBe(1);
  });

  it("flags the stored report when the same org and id arrive with different content, storing nothing new", async () => {
    const domain = await newDomain("conflict");
    const original = await receive(tlsRptGzip({ domain: domain.name, org: "Conflicted", reportId: "same-id", success: 10 }), { channel: "https" });
    const changed = await receive(tlsRptGzip({ domain: domain.name, org: "Conflicted", reportId: "same-id", success: 99 }), { channel: "https" });
    await processRawReport(original.rawId, db);
    const before = await senderDay(domain.id);
    const result = await processRawReport(changed.rawId, db);
    expect(result.status).toBe("duplicate");
    expect(result.error).toMatch(/different content/);
    const reports = await db.senderReport.findMany({ where: { domainId: domain.id } });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ rawId: original.rawId, conflict: true });
    expect(await db.tlsRptPolicy.count({ where: { domainId: domain.id } })).toBe(1);
    const after = await senderDay(domain.id);
    expect(Number(after?.tlsSuccess)).toBe(10);
    expect(after?.reports).toBe(before?.reports);
  });

  it("sums a domain's day over reports: sessions, failures by type, DMARC pass and fail", async () => {
    const domain = await newDomain("sums");
    const files = [
      tlsRptGzip({ domain: domain.name, org: "Org A", reportId: "a", success: 100, failures: [{ type: "starttls-not-supported", sessions: 3 }, { type: "certificate-expired", sessions: 2 }] }),
      tlsRptGzip({ domain: domain.name, org: "Org B", reportId: "b", success: 50, failures: [{ type: "starttls-not-supported", sessions: 4 }] }),
      // Another day: counted there, not here.
      tlsRptGzip({ domain: domain.name, org: "Org B", reportId: "b-next", start: "2026-12-01T00:00:00Z", success: 7 }),
      gzipSync(
        Buffer.from(
          dmarcXml({
            domain: domain.name,
            reportId: "sums-dmarc",
            rows: [
              { ip: "192.0.2.1", count: 10, dkim: "pass", spf: "fail" },
              { ip: "192.0.2.2", count: 5, dkim: "fail", spf: "pass" },
              { ip: "192.0.2.3", count: 3, dkim: "fail", spf: "fail" },
            ],
          }),
        ),
      ),
    ];
    for (const bytes of files) {
      const r = await receive(bytes, { channel: "upload" });
      expect((await processRawReport(r.rawId, db)).status).toBe("parsed");
    }
    const day = await senderDay(domain.id);
    expect(day).not.toBeNull();
    expect({
      tlsSuccess: Number(day!.tlsSuccess),
      tlsFailure: Number(day!.tlsFailure),
      byType: day!.tlsFailureByType,
      dmarcMessages: Number(day!.dmarcMessages),
      dmarcPass: Number(day!.dmarcPass),
      dmarcFail: Number(day!.dmarcFail),
      reports: day!.reports,
    }).toEqual({ tlsSuccess: 150, tlsFailure: 9, byType: { "starttls-not-supported": 7, "certificate-expired": 2 }, dmarcMessages: 18, dmarcPass: 15, dmarcFail: 3, reports: 3 });
    const next = await senderDay(domain.id, "2026-12-01");
    expect(Number(next?.tlsSuccess)).toBe(7);
    expect(await db.dmarcRow.count({ where: { domainId: domain.id } })).toBe(3);
  });

  it("stores unverified mail reports as unverified", async () => {
    const domain = await newDomain("unverified");
    const r = await receive(tlsRptGzip({ domain: domain.name, org: "Maybe Forged", reportId: "mf" }), { channel: "imap" });
    expect((await processRawReport(r.rawId, db)).status).toBe("parsed");
    const stored = await db.senderReport.findFirstOrThrow({ where: { rawId: r.rawId } });
    expect(stored.verified).toBe(false);
  });

  it("rejects a file that is not a report, with the parser's reason", async () => {
    const r = await receive(Buffer.from("this is not a report"), { channel: "upload", filename: "notes.txt" });
    const result = await processRawReport(r.rawId, db);
    expect(result.status).toBe("rejected");
    const raw = await db.rawReport.findUniqueOrThrow({ where: { id: r.rawId } });
    expect(raw.status).toBe("rejected");
    expect(raw.error).toBeTruthy();
    expect(await db.senderReport.count({ where: { rawId: r.rawId } })).toBe(0);
  });
});
