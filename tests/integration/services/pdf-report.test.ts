/**
 * The client-ready PDF (issue 13) end to end: a real scan of loopback mail servers is stored through
 * the queue task, the PDF is rendered through the service functions, and Poppler reads it back —
 * at most 4 A4 pages for a domain with findings in every area, with the grade, the verdict sentence
 * and every finding's title; hostile record text comes out as inert, visible text.
 * Needs the Debian package poppler-utils (pdfinfo, pdftotext).
 */
import { randomBytes } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Db } from "../../../lib/db/client";
import { groupFindings } from "../../../lib/report/areas";
import { readStoredReport } from "../../../lib/report/stored-report";
import { verdictSentence } from "../../../lib/report/verdict";
import type { ScanReport } from "../../../lib/scan/types";
import { UnauthenticatedError } from "../../../lib/services/access/roles";
import type { Scope } from "../../../lib/services/access/scope";
import { NotFoundError } from "../../../lib/services/errors";
import { domainReportPdf, pinnedScanReportPdf, reportPdfForScan } from "../../../lib/services/reports/pdf-report";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { pdfPageCount, pdfText, requirePoppler, squeeze } from "../../helpers/pdf-tools";
import { startScenarioLab, type ScenarioLab } from "../../helpers/scenario-lab";

const run = randomBytes(3).toString("hex");
const every = `pdf-every-${run}.test`;
const hostile = `pdf-hostile-${run}.test`;
const HOSTILE_RUA = "mailto:dmarc@evil.test\u202E<script>alert(1)</script>";
const NOW = new Date("2026-12-01T09:00:00.000Z");

// The route modules reach the database through getDb(): point it at the test database before they load.
process.env.DATABASE_URL = inject("databaseUrl");
// The routes ask who is signing in (app/_auth/viewer.ts, a browser session): here a member of the
// default workspace, or nobody when `viewer.scope` is unset.
const viewer = vi.hoisted(() => ({ scope: undefined as Scope | undefined }));
vi.mock("@/app/_auth/viewer", () => ({
  actionScope: async () => {
    if (!viewer.scope) throw new UnauthenticatedError();
    return viewer.scope;
  },
}));
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
let latestRoute: Handler<{ domain: string }>;
let pinnedRoute: Handler<{ domain: string; scanId: string }>;

const db = openTestDb();
const scope = await defaultScope(db);
viewer.scope = scope;
let lab: ScenarioLab;
const stored = new Map<string, { scanId: string; report: ScanReport }>();

/** Runs the real queue task with the lab's scanner, as a worker would, and returns the stored report. */
async function scanAndStore(domain: string): Promise<{ scanId: string; report: ScanReport }> {
  const { scanId } = await requestScan(scope, { domain }, db);
  const task = createScanTask({
    db: db as Db,
    scan: () => lab.scan(domain),
    heartbeatMs: 60_000,
    scannerVersion: "test",
  });
  const helpers = { job: { locked_by: "pdf-test", attempts: 1, max_attempts: 1 }, abortSignal: new AbortController().signal } as unknown as JobHelpers;
  await task({ scanId }, helpers);
  const row = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
  expect(row.status).toBe("done");
  const read = readStoredReport(row.report);
  if (!read.ok) throw new Error(`stored report unreadable: ${read.unreadable.reason}`);
  return { scanId, report: read.report };
}

beforeAll(async () => {
  requirePoppler();
  latestRoute = (await import("../../../app/(app)/domains/[domain]/report.pdf/route")).GET;
  pinnedRoute = (await import("../../../app/(app)/domains/[domain]/scans/[scanId]/report.pdf/route")).GET;
  lab = await startScenarioLab(
    [
      {
        domain: every,
        dnssec: "signed",
        mx: [
          { host: `mx1.${every}`, variant: "valid", tlsa: ["3 1 1 other"] },
          { host: `mx2.${every}`, variant: "expired" },
          { host: `mx3.${every}`, variant: "tls10-only" },
        ],
        mtaSts: { policy: { mode: "testing" } },
        tlsRpt: "v=TLSRPTv1; rua=ftp://reports.example/",
        dmarc: "v=DMARC1; p=quarantine; sp=none; pct=50",
        spf: "v=spf1 mx ?all",
      },
      {
        domain: hostile,
        mx: [{ host: `mx1.${hostile}`, variant: "valid" }],
        dmarc: `v=DMARC1; p=reject; rua=${HOSTILE_RUA}`,
      },
    ],
    { smtpDeadlines: { greetingMs: 3_000 } },
  );
  stored.set(every, await scanAndStore(every));
  stored.set(hostile, await scanAndStore(hostile));
}, 120_000);

afterAll(async () => {
  await lab?.close();
  await db.$disconnect();
});

describe("PDF report of a domain with findings in every area", () => {
  it("has findings in every area of the report (the scenario is what it claims)", () => {
    const places = new Set(groupFindings(stored.get(every)!.report.findings).map((g) => g.place));
    for (const area of ["starttls", "mtaSts", "tlsRpt", "dane", "dmarc", "spf"]) expect(places, area).toContain(area);
  });

  it("fits in 2 to 4 A4 pages and names the grade, the verdict and every finding", async () => {
    const { report, scanId } = stored.get(every)!;
    const pdf = await domainReportPdf(scope, every, { now: NOW }, db);
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.scanId).toBe(scanId);
    expect(pdf.fileName).toBe(`${every}-${report.startedAt.slice(0, 10)}.pdf`);

    const pages = pdfPageCount(pdf.body);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(4);

    const text = pdfText(pdf.body);
    const flat = squeeze(text);
    expect(text).toContain(`Grade ${report.grade} · ${report.score}/100`);
    expect(flat).toContain(squeeze(verdictSentence(report)));
    const groups = groupFindings(report.findings);
    expect(groups.length).toBeGreaterThan(6);
    for (const g of groups) {
      expect(flat, g.id).toContain(squeeze(g.title));
      expect(flat, g.id).toContain(g.id);
    }
    // Header and footer: the workspace and the scan id, no address of the server that made it.
    expect(text).toContain((await getDefaultWorkspace(db)).name);
    expect(flat).toContain(scanId);
    expect(text).not.toMatch(/localhost|127\.0\.0\.1:\d+|https?:\/\/[^\s]*\/domains\//);
  });

  it("renders a pinned scan, and by scan id alone, to the same document", async () => {
    const { scanId } = stored.get(every)!;
    const latest = await domainReportPdf(scope, every, { now: NOW }, db);
    const pinned = await pinnedScanReportPdf(scope, every, scanId, { now: NOW }, db);
    const byId = await reportPdfForScan(scope, scanId, { now: NOW }, db);
    expect(pdfText(pinned.body)).toBe(pdfText(latest.body));
    expect(pdfText(byId.body)).toBe(pdfText(latest.body));
    expect(pinned.fileName).toBe(latest.fileName);
  });

  it("finds no PDF for an unknown domain, another domain's scan, an unknown scan or a domain never scanned", async () => {
    const other = stored.get(hostile)!.scanId;
    await expect(domainReportPdf(scope, uniqueDomain("pdf-absent"), {}, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(pinnedScanReportPdf(scope, every, other, {}, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(pinnedScanReportPdf(scope, every, "00000000-0000-4000-8000-000000000000", {}, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reportPdfForScan(scope, "not-a-uuid", {}, db)).rejects.toBeInstanceOf(NotFoundError);
    const fresh = uniqueDomain("pdf-fresh");
    const queued = await requestScan(scope, { domain: fresh }, db);
    await expect(domainReportPdf(scope, fresh, {}, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(pinnedScanReportPdf(scope, fresh, queued.scanId, {}, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("PDF report with hostile record text", () => {
  it("draws <script> as literal text and a right-to-left override as a visible token", async () => {
    const { report } = stored.get(hostile)!;
    // The scanner kept the record as published, so the PDF is what must defuse it.
    expect(JSON.stringify(report.checks.dmarc)).toContain("\u202E<script>");
    const text = pdfText((await domainReportPdf(scope, hostile, { now: NOW }, db)).body);
    expect(text).toContain("‹U+202E›<script>alert(1)</script>");
    expect(text).not.toContain("\u202E");
  });
});

/** A stored TLS-RPT report for `domain` from `org` (as the ingest job stores one), with its day roll-up. */
async function seedSenderReport(domain: string, org: string): Promise<void> {
  const d = await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: domain } } });
  const bytes = randomBytes(16);
  const raw = await db.rawReport.create({ data: { workspaceId: scope.workspaceId, sha256: bytes.toString("hex").padEnd(64, "0"), channel: "https", kind: "tlsrpt", bytes: new Uint8Array(bytes), status: "parsed" } });
  const day = new Date("2026-11-28T00:00:00.000Z");
  const rep = await db.senderReport.create({
    data: { workspaceId: scope.workspaceId, rawId: raw.id, kind: "tlsrpt", domainId: d.id, orgName: org, contactInfo: "tlsrpt@sender.test", reportId: `r-${run}`, rangeStart: day, rangeEnd: new Date(day.getTime() + 86_399_000), verified: true },
  });
  await db.tlsRptPolicy.create({
    data: {
      reportId: rep.id, domainId: d.id, policyType: "sts", policyDomain: domain, policyStrings: [], mxHosts: [], successCount: 95, failureCount: 5,
      failures: { create: [{ domainId: d.id, resultType: "starttls-not-supported", receivingMxHost: `mx.${domain}`, receivingIp: "192.0.2.25", failedSessions: 5 }] },
    },
  });
  await db.senderDay.create({ data: { domainId: d.id, workspaceId: scope.workspaceId, day, tlsSuccess: 95, tlsFailure: 5, tlsFailureByType: { "starttls-not-supported": 5 }, reports: 1 } });
}

describe("PDF report with what senders reported", () => {
  it("adds the senders' 30 days, still within 4 pages, with a hostile organisation name as inert text", async () => {
    await seedSenderReport(every, "Big Sender");
    await seedSenderReport(hostile, '=HYPERLINK("http://evil.test")\u202E Org');
    const full = await domainReportPdf(scope, every, { now: NOW }, db);
    expect(pdfPageCount(full.body)).toBeLessThanOrEqual(4);
    const flat = squeeze(pdfText(full.body));
    expect(flat).toContain(squeeze("What senders saw (2026-11-02 to 2026-12-01, UTC)"));
    expect(flat).toContain(squeeze("TLS sessions: 100, of which 5 failed (5.0 %)"));
    expect(flat).toContain(squeeze("starttls-not-supported 5"));
    expect(flat).toContain(squeeze("Big Sender 5/100"));

    const text = pdfText((await domainReportPdf(scope, hostile, { now: NOW }, db)).body);
    expect(text).toContain('=HYPERLINK("http://evil.test")‹U+202E› Org');
    expect(text).not.toContain("\u202E");
  });
});

describe("report.pdf routes", () => {
  const req = (path: string) => new Request(`http://localhost${path}`);
  const params = <P>(p: P) => ({ params: Promise.resolve(p) });

  it("answer a PDF download named after the A-label domain and the scan date", async () => {
    const { report, scanId } = stored.get(every)!;
    const name = `${every}-${report.startedAt.slice(0, 10)}.pdf`;
    for (const res of [
      await latestRoute(req(`/domains/${every}/report.pdf`), params({ domain: every.toUpperCase() })),
      await pinnedRoute(req(`/domains/${every}/scans/${scanId}/report.pdf`), params({ domain: every, scanId })),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get("content-length")).toBe(String(body.length));
      expect(pdfPageCount(body)).toBeLessThanOrEqual(4);
    }
  });

  it("answer 404 for an unknown domain, a malformed name, another domain's scan or an unknown scan", async () => {
    const other = stored.get(hostile)!.scanId;
    const absent = uniqueDomain("pdf-route-absent");
    const cases = [
      await latestRoute(req(`/domains/${absent}/report.pdf`), params({ domain: absent })),
      await latestRoute(req("/domains/%E0%A4%A/report.pdf"), params({ domain: "%E0%A4%A" })),
      await pinnedRoute(req(`/domains/${every}/scans/${other}/report.pdf`), params({ domain: every, scanId: other })),
      await pinnedRoute(req(`/domains/${every}/scans/x/report.pdf`), params({ domain: every, scanId: "not-a-uuid" })),
    ];
    for (const res of cases) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    }
  });

  it("answer 401 to a visitor who is not signed in, and 404 to a member of another workspace", async () => {
    const { scanId } = stored.get(every)!;
    const slug = `pdf-other-${randomBytes(4).toString("hex")}`;
    const elsewhere = await db.workspace.create({ data: { slug, name: slug } });
    try {
      viewer.scope = undefined;
      expect((await latestRoute(req(`/domains/${every}/report.pdf`), params({ domain: every }))).status).toBe(401);
      viewer.scope = { ...scope, workspaceId: elsewhere.id };
      expect((await latestRoute(req(`/domains/${every}/report.pdf`), params({ domain: every }))).status).toBe(404);
      expect((await pinnedRoute(req(`/domains/${every}/scans/${scanId}/report.pdf`), params({ domain: every, scanId }))).status).toBe(404);
    } finally {
      viewer.scope = scope;
      await db.workspace.delete({ where: { id: elsewhere.id } });
    }
  });
});
