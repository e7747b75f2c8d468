/**
 * Two finished scans of one domain side by side, always older → newer whatever order the URL
 * names them in, with the record-level diff between their reports.
 */
import { getDb, type Db } from "@/lib/db/client";
import { diffReports, type ReportDiff } from "@/lib/report/diff";
import { readStoredReport } from "@/lib/report/stored-report";
import { summarizeReport } from "@/lib/report/summary";
import type { ScanReport } from "@/lib/scan/types";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import type { Scope } from "@/lib/services/access/scope";
import type { StripPoint } from "./get-history";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

export type CompareSide = {
  id: string;
  requestedAt: string;
  finishedAt: string;
  durationMs: number | null;
  grade: string;
  score: number;
  rulesetVersion: number | null;
  scannerVersion: string | null;
  exposure: string;
};

export type CompareView =
  | {
      kind: "pair";
      domain: string;
      older: CompareSide;
      newer: CompareSide;
      diff: ReportDiff;
      /** Finished scans around the pair, oldest first, for the strip that marks both. */
      strip: StripPoint[];
      /** True when the two are consecutive finished scans (the "compare with previous" case). */
      consecutive: boolean;
    }
  | { kind: "not-enough"; domain: string; finishedScans: number };

export type CompareInput = { a?: unknown; b?: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function scanId(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s === null || s === "") return undefined;
  if (typeof s !== "string" || !UUID.test(s)) throw new NotFoundError("No such scan for this domain");
  return s.toLowerCase();
}

export async function compareScans(scope: Scope, name: string, input: CompareInput = {}, db: Db = getDb()): Promise<CompareView> {
  const a = scanId(input.a);
  const b = scanId(input.b);
  if ((a === undefined) !== (b === undefined)) throw new ValidationError("Pick two scans to compare.", { scans: "Two scans are needed" });
  if (a !== undefined && a === b) throw new ValidationError("Pick two different scans to compare.", { scans: "The same scan twice" });
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true, name: true } });
  if (!domain) throw new NotFoundError(`No domain ${name} in this workspace`);

  const select = { id: true, status: true, requestedAt: true, finishedAt: true, durationMs: true, grade: true, score: true, rulesetVersion: true, scannerVersion: true, ...STORED_REPORT_SELECT } as const;
  let scans;
  if (a && b) {
    scans = await db.scan.findMany({ where: { domainId: domain.id, id: { in: [a, b] } }, select });
    if (scans.length !== 2) throw new NotFoundError("No such scan for this domain");
    const unfinished = scans.find((s) => s.status !== "done" || !s.report);
    if (unfinished) {
      throw new ValidationError(
        unfinished.status === "failed" ? "One of these scans failed, so it has no report to compare. Pick another scan." : "One of these scans has not finished yet. Compare it once it is done.",
        { scans: "Scan without a report" },
      );
    }
  } else {
    // Default pair: the latest finished scan and the one before it.
    scans = await db.scan.findMany({ where: { domainId: domain.id, status: "done" }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take: 2, select });
    if (scans.length < 2) return { kind: "not-enough", domain: domain.name, finishedScans: scans.length };
  }
  scans.sort((x, y) => x.requestedAt.getTime() - y.requestedAt.getTime() || x.id.localeCompare(y.id));
  const [o, n] = scans as [(typeof scans)[number], (typeof scans)[number]];
  const olderRead = readStoredReport(storedReportJson(o));
  const newerRead = readStoredReport(storedReportJson(n));
  if (!olderRead.ok || !newerRead.ok) {
    const reason = !olderRead.ok ? olderRead.unreadable.reason : !newerRead.ok ? newerRead.unreadable.reason : "";
    throw new ValidationError(`The report of one of these scans cannot be read, so they cannot be compared. ${reason}`, { scans: "Unreadable report" });
  }
  const olderReport = olderRead.report;
  const newerReport = newerRead.report;

  const stripSelect = { id: true, finishedAt: true, grade: true, score: true } as const;
  const [upToNewer, afterNewer, between] = await Promise.all([
    db.scan.findMany({
      where: { domainId: domain.id, status: "done", OR: [{ requestedAt: { lt: n.requestedAt } }, { requestedAt: n.requestedAt, id: { lte: n.id } }] },
      orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
      take: 32,
      select: stripSelect,
    }),
    db.scan.findMany({
      where: { domainId: domain.id, status: "done", OR: [{ requestedAt: { gt: n.requestedAt } }, { requestedAt: n.requestedAt, id: { gt: n.id } }] },
      orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
      take: 8,
      select: stripSelect,
    }),
    db.scan.count({
      where: { domainId: domain.id, status: "done", requestedAt: { gte: o.requestedAt, lte: n.requestedAt }, id: { notIn: [o.id, n.id] } },
    }),
  ]);
  const strip = [...upToNewer.reverse(), ...afterNewer]
    .filter((r) => r.finishedAt && r.grade !== null && r.score !== null)
    .map((r) => ({ id: r.id, finishedAt: r.finishedAt!.toISOString(), grade: r.grade!, score: r.score! }));

  const side = (s: typeof o, r: ScanReport): CompareSide => ({
    id: s.id,
    requestedAt: s.requestedAt.toISOString(),
    finishedAt: (s.finishedAt ?? s.requestedAt).toISOString(),
    durationMs: s.durationMs,
    grade: s.grade ?? r.grade,
    score: s.score ?? r.score,
    rulesetVersion: s.rulesetVersion ?? r.rulesetVersion ?? null,
    scannerVersion: s.scannerVersion ?? r.scannerVersion ?? null,
    exposure: summarizeReport(r).exposure,
  });

  return {
    kind: "pair",
    domain: domain.name,
    older: side(o, olderReport),
    newer: side(n, newerReport),
    diff: diffReports(olderReport, newerReport),
    strip,
    consecutive: between === 0,
  };
}
