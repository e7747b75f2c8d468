/**
 * Workspace trends from the weekly roll-up (one WorkspaceWeek row per week with scans): the
 * weekly points of the /trends charts, their denominators and the one-sentence takeaways. Pure.
 *
 * A week's counts cover the domains scanned in that week (each domain's last scan of the week).
 * A week without a row had no scans: it is a gap, never a zero.
 */
import { csvCell } from "./csv";
import { GRADES } from "@/lib/scan/types";

export const TREND_PERIODS = [12, 26, 52] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
export const DEFAULT_TREND_PERIOD: TrendPeriod = 52;

/** `?weeks=` from the URL; anything but 12, 26 or 52 falls back to 52. */
export function parseTrendPeriod(value: unknown): TrendPeriod {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === "string" && /^\d{1,3}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  return (TREND_PERIODS as readonly number[]).includes(n) ? (n as TrendPeriod) : DEFAULT_TREND_PERIOD;
}

/** `?weeks=` when it names a period; null when absent or not one (then the period follows the data). */
export function explicitTrendPeriod(value: unknown): TrendPeriod | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null || v === "") return null;
  const n = typeof v === "string" && /^\d{1,3}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  return (TREND_PERIODS as readonly number[]).includes(n) ? (n as TrendPeriod) : null;
}

/**
 * The default period follows the data: the shortest of 12, 26 and 52 weeks that reaches back to
 * the oldest week with scans (`oldest`, null when there is none), so a new install shows a few
 * weeks rather than 51 empty ones; 52 when the data is older than that.
 */
export function periodCovering(oldest: Date | null, now: Date): TrendPeriod {
  if (oldest === null) return TREND_PERIODS[0];
  const monday = mondayOf(oldest).getTime();
  return TREND_PERIODS.find((w) => periodStart(w, now).getTime() <= monday) ?? TREND_PERIODS[TREND_PERIODS.length - 1]!;
}

/** The counters of one WorkspaceWeek row (prisma/schema.prisma). */
export type WeekCounters = {
  weekStart: Date;
  domains: number;
  gradeAPlus: number;
  gradeA: number;
  gradeB: number;
  gradeC: number;
  gradeD: number;
  gradeF: number;
  exposed: number;
  partial: number;
  protected: number;
  noInboundMail: number;
  mtaStsEnforce: number;
  daneValid: number;
  dmarcEnforce: number;
  withCritical: number;
};

export const GRADE_KEYS = GRADES;
export type GradeKey = (typeof GRADE_KEYS)[number];

export type TrendPoint = {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  weekStart: string;
  /** "1 Dec", or "1 Dec 2025" for the first point and at a year change. */
  label: string;
  /** The current week, still collecting scans. */
  partial: boolean;
  /** No scans this week: every value below is null. */
  gap: boolean;
  domains: number | null;
  /** Domains scanned this week minus those publishing a null MX. */
  acceptsMail: number | null;
  grades: Record<GradeKey, number> | null;
  /** Share of the week's scanned domains per grade, in percent. */
  gradeShares: Record<GradeKey, number> | null;
  exposed: number | null;
  partiallyProtected: number | null;
  protected: number | null;
  /** Accepts mail, but no verdict (MX unreachable, DNS errors). */
  inconclusive: number | null;
  noInboundMail: number | null;
  /** Percent of domains that accept mail. */
  exposedShare: number | null;
  mtaStsEnforce: number | null;
  daneValid: number | null;
  dmarcEnforce: number | null;
  /** Percent of domains that accept mail. */
  mtaStsEnforceShare: number | null;
  /** Percent of domains that accept mail. */
  daneValidShare: number | null;
  /** Percent of all domains scanned that week (DMARC protects domains that send no mail too). */
  dmarcEnforceShare: number | null;
};

export type TrendCard = { takeaway: string; denominator: string };

export type TrendsView = {
  weeks: TrendPeriod;
  points: TrendPoint[];
  /** Weeks of the period that have data. */
  pointsWithData: number;
  gaps: number;
  /** Monday the next weekly point starts (for "the next one is on …"). */
  nextWeekStart: string;
  headline: string | null;
  cards: { grades: TrendCard; exposure: TrendCard; adoption: TrendCard };
};

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Monday 00:00 UTC of the ISO week containing `d` (the roll-up's week key). */
export function mondayOf(d: Date): Date {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** "1 Dec 2025" */
export function formatDay(d: Date | string, withYear = true): string {
  const x = typeof d === "string" ? new Date(`${d.slice(0, 10)}T00:00:00Z`) : d;
  return `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]}${withYear ? ` ${x.getUTCFullYear()}` : ""}`;
}

/** First Monday of the period that ends with the week containing `now`. */
export function periodStart(weeks: TrendPeriod, now: Date): Date {
  return new Date(mondayOf(now).getTime() - (weeks - 1) * 7 * DAY_MS);
}

/** 1 234 → "1 234" (narrow no-break space), as the design writes large counts. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

/** "1 domain that accepts mail", "3 domains that accept mail": number and verb agree. */
function acceptingMail(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "domain that accepts" : "domains that accept"} mail`;
}

/** One decimal, a trailing ".0" dropped: "24.8 %", "25 %". */
export function formatPercent(p: number): string {
  return `${(Math.round(p * 10) / 10).toFixed(1).replace(/\.0$/, "")} %`;
}

const pct = (n: number, d: number): number | null => (d > 0 ? (n / d) * 100 : null);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

function point(weekStart: Date, row: WeekCounters | undefined, partial: boolean, label: string): TrendPoint {
  if (!row || row.domains <= 0) {
    return {
      weekStart: isoDay(weekStart), label, partial, gap: true,
      domains: null, acceptsMail: null, grades: null, gradeShares: null,
      exposed: null, partiallyProtected: null, protected: null, inconclusive: null, noInboundMail: null, exposedShare: null,
      mtaStsEnforce: null, daneValid: null, dmarcEnforce: null, mtaStsEnforceShare: null, daneValidShare: null, dmarcEnforceShare: null,
    };
  }
  const grades: Record<GradeKey, number> = { "A+": row.gradeAPlus, A: row.gradeA, B: row.gradeB, C: row.gradeC, D: row.gradeD, F: row.gradeF };
  const graded = GRADE_KEYS.reduce((s, g) => s + grades[g], 0);
  const gradeShares = Object.fromEntries(GRADE_KEYS.map((g) => [g, round1(pct(grades[g], graded)) ?? 0])) as Record<GradeKey, number>;
  const acceptsMail = Math.max(0, row.domains - row.noInboundMail);
  return {
    weekStart: isoDay(weekStart),
    label,
    partial,
    gap: false,
    domains: row.domains,
    acceptsMail,
    grades,
    gradeShares,
    exposed: row.exposed,
    partiallyProtected: row.partial,
    protected: row.protected,
    inconclusive: Math.max(0, acceptsMail - row.exposed - row.partial - row.protected),
    noInboundMail: row.noInboundMail,
    exposedShare: round1(pct(row.exposed, acceptsMail)),
    mtaStsEnforce: row.mtaStsEnforce,
    daneValid: row.daneValid,
    dmarcEnforce: row.dmarcEnforce,
    mtaStsEnforceShare: round1(pct(row.mtaStsEnforce, acceptsMail)),
    daneValidShare: round1(pct(row.daneValid, acceptsMail)),
    dmarcEnforceShare: round1(pct(row.dmarcEnforce, row.domains)),
  };
}

function weeksBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / (7 * DAY_MS));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n === 1 ? one : many}`;
const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : n < 0 ? `\u2212${formatCount(-n)}` : "±0");
const signedPts = (n: number) => {
  const r = Math.round(n * 10) / 10;
  const s = Math.abs(r).toFixed(1).replace(/\.0$/, "");
  const unit = Math.abs(r) === 1 ? "pt" : "pts";
  return r > 0 ? `+${s} ${unit}` : r < 0 ? `\u2212${s} ${unit}` : "±0 pts";
};

/** "in 12 weeks" between two points; "this week" when they are the same week. */
function span(first: TrendPoint, last: TrendPoint): string {
  const w = weeksBetween(first.weekStart, last.weekStart);
  return `in ${w} ${plural(w, "week")}`;
}

function countSentence(what: string, before: number, after: number, first: TrendPoint, last: TrendPoint): string {
  const d = after - before;
  if (d === 0) return `${what} held at ${formatCount(after)} ${span(first, last).replace(/^in/, "over")}.`;
  return `${what} ${d < 0 ? "fell" : "rose"} from ${formatCount(before)} to ${formatCount(after)} (${signed(d)}) ${span(first, last)}.`;
}

function shareSentence(what: string, before: number, after: number, first: TrendPoint, last: TrendPoint): string {
  const d = after - before;
  if (Math.abs(d) < 0.05) return `${what} held at ${formatPercent(after)} ${span(first, last).replace(/^in/, "over")}.`;
  return `${what} ${d < 0 ? "fell" : "rose"} from ${formatPercent(before)} to ${formatPercent(after)} (${signedPts(d)}) ${span(first, last)}.`;
}

/** Builds the period's weekly points (oldest first, gaps included) and the cards' sentences. */
export function buildTrends(rows: readonly WeekCounters[], opts: { weeks: TrendPeriod; now: Date }): TrendsView {
  const byWeek = new Map(rows.map((r) => [isoDay(mondayOf(r.weekStart)), r]));
  const start = periodStart(opts.weeks, opts.now);
  const current = isoDay(mondayOf(opts.now));
  const points: TrendPoint[] = [];
  let lastYear = -1;
  for (let i = 0; i < opts.weeks; i++) {
    const monday = new Date(start.getTime() + i * 7 * DAY_MS);
    const year = monday.getUTCFullYear();
    const label = formatDay(monday, i === 0 || year !== lastYear);
    lastYear = year;
    points.push(point(monday, byWeek.get(isoDay(monday)), isoDay(monday) === current, label));
  }
  const data = points.filter((p) => !p.gap);
  const first = data[0];
  const last = data[data.length - 1];
  const nextWeekStart = isoDay(new Date(mondayOf(opts.now).getTime() + 7 * DAY_MS));

  const gradeDen = "Share of the domains scanned each week (each domain's last scan of the week).";
  const mailDen = "Domains that accept mail, scanned that week; domains with a null MX (no inbound mail) are excluded.";
  const adoptionDen = "MTA-STS and DANE: share of domains that accept mail (null MX excluded). DMARC: share of all domains scanned that week.";

  if (!first || !last) {
    const none = "No scans in this period yet.";
    return {
      weeks: opts.weeks, points, pointsWithData: 0, gaps: points.length, nextWeekStart, headline: null,
      cards: { grades: { takeaway: none, denominator: gradeDen }, exposure: { takeaway: none, denominator: mailDen }, adoption: { takeaway: none, denominator: adoptionDen } },
    };
  }

  const topShare = (p: TrendPoint) => (p.gradeShares ? p.gradeShares["A+"] + p.gradeShares.A : 0);
  const single = first === last;
  const weekOf = (p: TrendPoint) => `the week of ${formatDay(p.weekStart)}`;

  const gradesTakeaway = single
    ? `${formatPercent(topShare(last))} of scanned domains graded A or A+ in ${weekOf(last)}.`
    : shareSentence("The share graded A or A+", topShare(first), topShare(last), first, last);

  // Counts only compare when about as many domains were scanned in both weeks; otherwise the
  // share tells the story and the counts are given as context.
  const countsComparable = (a: number, b: number) => a > 0 && b > 0 && Math.abs(a - b) / Math.max(a, b) <= 0.1;
  const sameBase = countsComparable(first.acceptsMail ?? 0, last.acceptsMail ?? 0);
  const exposureTakeaway =
    last.acceptsMail === 0
      ? `None of the domains scanned in ${weekOf(last)} accepts mail.`
      : single
        ? `${formatCount(last.exposed!)} of ${acceptingMail(last.acceptsMail!)} were exposed to STARTTLS stripping in ${weekOf(last)}.`
        : sameBase
          ? countSentence("Exposed domains", first.exposed!, last.exposed!, first, last) + ` Share: ${formatPercent(first.exposedShare!)} → ${formatPercent(last.exposedShare!)}.`
          : first.exposedShare === null
            ? `${formatCount(last.exposed!)} of ${acceptingMail(last.acceptsMail!)} are exposed (${formatPercent(last.exposedShare!)}); none of the domains scanned in ${weekOf(first)} accepted mail.`
            : shareSentence("The exposed share", first.exposedShare, last.exposedShare!, first, last) +
              ` The base changed: ${formatCount(first.exposed!)} of ${acceptingMail(first.acceptsMail!)} then, ${formatCount(last.exposed!)} of ${formatCount(last.acceptsMail!)} now.`;

  const adoption: [string, (p: TrendPoint) => number | null][] = [
    ["MTA-STS enforce", (p) => p.mtaStsEnforceShare],
    ["DANE valid", (p) => p.daneValidShare],
    ["DMARC enforcing", (p) => p.dmarcEnforceShare],
  ];
  const adoptionTakeaway = single
    ? `In ${weekOf(last)}: ${adoption.map(([n, f]) => `${n} ${f(last) === null ? "—" : formatPercent(f(last)!)}`).join(", ")}.`
    : `Since ${weekOf(first)}: ${adoption
        .map(([n, f]) => {
          const a = f(first);
          const b = f(last);
          if (b === null) return `${n} —`;
          return a === null ? `${n} ${formatPercent(b)}` : `${n} ${formatPercent(b)} (${signedPts(b - a)})`;
        })
        .join(", ")}.`;

  let headline: string | null = null;
  if (last.acceptsMail && last.acceptsMail > 0) {
    const now = `${formatCount(last.exposed!)} of ${acceptingMail(last.acceptsMail)} ${last.exposed === 1 ? "is" : "are"} exposed to STARTTLS stripping (${formatPercent(last.exposedShare ?? 0)})`;
    if (single) headline = `${now} in ${weekOf(last)}.`;
    else if (sameBase) {
      const d = last.exposed! - first.exposed!;
      headline = `${now} — ${d === 0 ? "the same number as" : `${formatCount(Math.abs(d))} ${d < 0 ? "fewer" : "more"} than`} in ${weekOf(first)}.`;
    } else if (first.exposedShare !== null) {
      const d = last.exposedShare! - first.exposedShare;
      headline = `${now} — ${Math.abs(d) < 0.05 ? "the same share as" : `${d < 0 ? "down" : "up"} from ${formatPercent(first.exposedShare)}`} in ${weekOf(first)}.`;
    } else headline = `${now}.`;
  }

  return {
    weeks: opts.weeks,
    points,
    pointsWithData: data.length,
    gaps: points.length - data.length,
    nextWeekStart,
    headline,
    cards: {
      grades: { takeaway: gradesTakeaway, denominator: gradeDen },
      exposure: { takeaway: exposureTakeaway, denominator: mailDen },
      adoption: { takeaway: adoptionTakeaway, denominator: adoptionDen },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Data tables and CSV
// ---------------------------------------------------------------------------------------------

export type TrendChartKey = "grades" | "exposure" | "adoption";
export const TREND_CHARTS: readonly TrendChartKey[] = ["grades", "exposure", "adoption"];

export type TrendTable = { columns: string[]; rows: { weekStart: string; gap: boolean; partial: boolean; cells: (string | number | null)[] }[] };

/** The "Data" table of one chart: one row per week, null cells for weeks without scans. */
export function trendTable(view: TrendsView, chart: TrendChartKey): TrendTable {
  const cols: Record<TrendChartKey, string[]> = {
    grades: ["Week of", "Domains scanned", ...GRADE_KEYS.map((g) => `${g} (count)`), ...GRADE_KEYS.map((g) => `${g} (%)`)],
    exposure: ["Week of", "Accept mail", "Exposed", "Exposed (%)", "Partially protected", "Protected", "Inconclusive", "No inbound mail (excluded)"],
    adoption: ["Week of", "Accept mail", "Domains scanned", "MTA-STS enforce", "MTA-STS enforce (%)", "DANE valid", "DANE valid (%)", "DMARC enforcing", "DMARC enforcing (%)"],
  };
  const rows = view.points.map((p) => {
    let cells: (string | number | null)[];
    if (chart === "grades") cells = [p.domains, ...GRADE_KEYS.map((g) => p.grades?.[g] ?? null), ...GRADE_KEYS.map((g) => p.gradeShares?.[g] ?? null)];
    else if (chart === "exposure") cells = [p.acceptsMail, p.exposed, p.exposedShare, p.partiallyProtected, p.protected, p.inconclusive, p.noInboundMail];
    else cells = [p.acceptsMail, p.domains, p.mtaStsEnforce, p.mtaStsEnforceShare, p.daneValid, p.daneValidShare, p.dmarcEnforce, p.dmarcEnforceShare];
    return { weekStart: p.weekStart, gap: p.gap, partial: p.partial, cells: [p.weekStart, ...cells] };
  });
  return { columns: cols[chart], rows };
}

/** RFC 4180 CSV of a trend table; weeks without scans have empty cells and a note column. */
export function trendCsv(table: TrendTable): string {
  const lines = [[...table.columns, "Note"].map(csvCell).join(",")];
  for (const r of table.rows) lines.push([...r.cells, r.gap ? "no scans this week" : r.partial ? "week in progress" : ""].map(csvCell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
