/**
 * A domain's scan timeline, newest first, keyset-paged on Scan(domainId, requestedAt desc) so a
 * domain with thousands of scans costs the same per page; each finished scan carries what changed
 * since the domain's previous finished scan.
 */
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { summarizeChange, type ScanChange } from "@/lib/report/diff";
import { storedReportOrNull } from "@/lib/report/stored-report";
import { summarizeReport } from "@/lib/report/summary";
import type { ScanReport } from "@/lib/scan/types";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import type { Scope } from "@/lib/services/access/scope";
import { SCAN_OUTCOME_SELECT, scanOutcomeJson } from "@/lib/services/scans/scan-json";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

export const HISTORY_PAGE_SIZE = 25;
/** Finished scans drawn on the grade-over-time strip. */
export const STRIP_POINTS = 40;

export type StripPoint = { id: string; finishedAt: string; grade: string; score: number };

export type HistoryRow = {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  /** Why the scan has no grade (report `notGraded`); its grade and score are then not shown. */
  notGraded: string | null;
  rulesetVersion: number | null;
  error: string | null;
  exposure: string | null;
  /** The domain's previous finished scan, for "compare with previous"; null for the first one. */
  previousId: string | null;
  /** What changed since that scan; null when there is none or this scan has no report. */
  change: ScanChange | null;
};

export type HistoryView = {
  domain: string;
  totalScans: number;
  finishedScans: number;
  firstScanAt: string | null;
  strip: StripPoint[];
  rows: HistoryRow[];
  /** Cursors for the neighbouring pages (`?before=` / `?after=`), null at either end. */
  page: { newer: string | null; older: string | null; isNewest: boolean };
  /** Latest finished scan vs the one before it: the default compare pair. */
  defaultCompare: { a: string; b: string } | null;
};

export type HistoryInput = { before?: unknown; after?: unknown; pageSize?: number };

type Cursor = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page boundary as `<epoch ms>.<scan id>` (requestedAt has millisecond precision). */
export function encodeCursor(c: { requestedAt: Date; id: string }): string {
  return `${c.requestedAt.getTime()}.${c.id}`;
}

function decodeCursor(v: unknown): Cursor | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const s = Array.isArray(v) ? v[0] : v;
  const m = typeof s === "string" ? /^(\d{1,15})\.([0-9a-f-]{36})$/i.exec(s) : null;
  if (!m || !UUID.test(m[2]!)) throw new ValidationError("That page link is not valid.", { cursor: "Not a history page cursor" });
  return { at: new Date(Number(m[1])), id: m[2]!.toLowerCase() };
}

const older = (c: Cursor): Prisma.ScanWhereInput => ({ OR: [{ requestedAt: { lt: c.at } }, { requestedAt: c.at, id: { lt: c.id } }] });
const newer = (c: Cursor): Prisma.ScanWhereInput => ({ OR: [{ requestedAt: { gt: c.at } }, { requestedAt: c.at, id: { gt: c.id } }] });

const ROW_SELECT = { ...SCAN_OUTCOME_SELECT, rulesetVersion: true } satisfies Prisma.ScanSelect;

export async function getDomainHistory(scope: Scope, name: string, input: HistoryInput = {}, db: Db = getDb()): Promise<HistoryView> {
  const before = decodeCursor(input.before);
  let after = before ? undefined : decodeCursor(input.after);
  const size = Math.min(Math.max(input.pageSize ?? HISTORY_PAGE_SIZE, 1), 100);
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true, name: true } });
  if (!domain) throw new NotFoundError(`No domain ${name} in this workspace`);
  const domainId = domain.id;

  const newestFirst = () =>
    db.scan.findMany({ where: { domainId, ...(before ? older(before) : {}) }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take: size + 1, select: ROW_SELECT });
  let fetched = after
    ? await db.scan.findMany({ where: { domainId, ...newer(after) }, orderBy: [{ requestedAt: "asc" }, { id: "asc" }], take: size + 1, select: ROW_SELECT })
    : await newestFirst();
  // Paging back up to the newest scans lands on the newest page itself, full, not a short remainder.
  if (after && fetched.length <= size) {
    after = undefined;
    fetched = await newestFirst();
  }
  const [totalScans, finishedScans, first, stripRows] = await Promise.all([
    db.scan.count({ where: { domainId } }),
    db.scan.count({ where: { domainId, status: "done" } }),
    db.scan.findFirst({ where: { domainId }, orderBy: { requestedAt: "asc" }, select: { requestedAt: true } }),
    db.scan.findMany({
      where: { domainId, status: "done" },
      orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
      take: STRIP_POINTS,
      select: { id: true, finishedAt: true, grade: true, score: true, notGraded: true },
    }),
  ]);
  const more = fetched.length > size;
  const page = fetched.slice(0, size);
  if (after) page.reverse();

  const newest = page[0];
  const oldest = page[page.length - 1];
  // The neighbours beyond this page: whether a newer/older page exists, and the finished scan
  // just older than the page (the baseline of its oldest finished row).
  const [newerExists, olderExists, baseline] = await Promise.all([
    after ? Promise.resolve(more) : before && newest ? db.scan.findFirst({ where: { domainId, ...newer({ at: newest.requestedAt, id: newest.id }) }, select: { id: true } }).then(Boolean) : Promise.resolve(false),
    !after ? Promise.resolve(more) : oldest ? db.scan.findFirst({ where: { domainId, ...older({ at: oldest.requestedAt, id: oldest.id }) }, select: { id: true } }).then(Boolean) : Promise.resolve(false),
    oldest
      ? db.scan.findFirst({
          where: { domainId, status: "done", ...older({ at: oldest.requestedAt, id: oldest.id }) },
          orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
          select: { id: true, ...STORED_REPORT_SELECT },
        })
      : Promise.resolve(null),
  ]);

  const doneIds = page.filter((r) => r.status === "done").map((r) => r.id);
  const reportRows = doneIds.length ? await db.scan.findMany({ where: { domainId, id: { in: doneIds } }, select: { id: true, ...STORED_REPORT_SELECT } }) : [];
  // A report that cannot be read leaves its row without exposure and change (and is no baseline).
  const reports = new Map<string, ScanReport | null>(reportRows.map((r) => [r.id, storedReportOrNull(storedReportJson(r))]));
  if (baseline?.report) reports.set(baseline.id, storedReportOrNull(storedReportJson(baseline)));

  // Walk oldest → newest so each finished row knows the finished scan before it.
  const rows: HistoryRow[] = new Array(page.length);
  let previousId: string | null = baseline?.id ?? null;
  for (let i = page.length - 1; i >= 0; i--) {
    const s = page[i]!;
    const report = s.status === "done" ? (reports.get(s.id) ?? null) : null;
    const prevReport = previousId ? (reports.get(previousId) ?? null) : null;
    rows[i] = {
      ...scanOutcomeJson(s),
      notGraded: s.notGraded,
      rulesetVersion: s.rulesetVersion,
      exposure: report ? summarizeReport(report).exposure : null,
      previousId: report ? previousId : null,
      change: report && prevReport ? summarizeChange(prevReport, report) : null,
    };
    if (report) previousId = s.id;
  }

  const strip = stripRows
    // A scan without a grade is no point on the grade strip (docs/report-format.md `notGraded`).
    .filter((r) => r.finishedAt && r.grade !== null && r.score !== null && r.notGraded === null)
    .reverse()
    .map((r) => ({ id: r.id, finishedAt: r.finishedAt!.toISOString(), grade: r.grade!, score: r.score! }));
  const latestTwo = stripRows.slice(0, 2);

  return {
    domain: domain.name,
    totalScans,
    finishedScans,
    firstScanAt: first?.requestedAt.toISOString() ?? null,
    strip,
    rows,
    page: {
      newer: newerExists && newest ? encodeCursor(newest) : null,
      older: olderExists && oldest ? encodeCursor(oldest) : null,
      isNewest: !newerExists,
    },
    defaultCompare: latestTwo.length === 2 ? { a: latestTwo[1]!.id, b: latestTwo[0]!.id } : null,
  };
}
