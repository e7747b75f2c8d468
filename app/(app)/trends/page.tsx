import type { Metadata } from "next";
import Link from "next/link";
import { Info } from "lucide-react";
import { requireViewer } from "@/app/_auth/viewer";
import { ChartCard } from "@/components/charts/chart-card";
import { LineLegend } from "@/components/charts/legend";
import { PeriodSelect } from "@/components/charts/period-select";
import { GradePatternDef } from "@/components/charts/grade-pattern";
import { ADOPTION_SERIES, EXPOSURE_SERIES, GRADE_SERIES } from "@/components/charts/series";
import { AdoptionChart, ExposureChart, GradeDistributionChart } from "@/components/charts/trend-charts";
import { TrendDataTable } from "@/components/charts/trend-table";
import { EmptyState } from "@/components/ui/card";
import { formatDay, formatPercent, TREND_PERIODS, trendTable, type TrendChartKey, type TrendPoint, type TrendsView } from "@/lib/report/trends";
import { getTrends } from "@/lib/services/trends/get-trends";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trends" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const csvHref = (chart: TrendChartKey, weeks: number) => `/trends/csv?chart=${chart}&weeks=${weeks}`;

function gapNote(view: TrendsView): string | null {
  if (view.gaps === 0) return null;
  return `No scans in ${view.gaps} of the ${view.weeks} weeks: those weeks are left empty, not counted as zero.`;
}

function latestOf(points: TrendPoint[]): TrendPoint | undefined {
  return points.findLast((p) => !p.gap);
}

function GradeLegend({ gaps }: { gaps: boolean }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800" aria-label="Legend">
      {GRADE_SERIES.map((g) => (
        <li key={g.grade} className="inline-flex items-center gap-1.5">
          <svg aria-hidden width="14" height="14" viewBox="0 0 14 14">
            {g.pattern ? (
              <defs>
                <GradePatternDef id={`lg-${g.pattern}`} pattern={g.pattern} color={g.color} size={5} />
              </defs>
            ) : null}
            <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={g.pattern ? `url(#lg-${g.pattern})` : g.color} stroke="#0f172a" strokeOpacity="0.3" />
          </svg>
          Grade {g.grade}
        </li>
      ))}
      {gaps ? (
        <li className="inline-flex items-center gap-1.5 text-slate-600">
          <svg aria-hidden width="14" height="14" viewBox="0 0 14 14">
            <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill="#f8fafc" stroke="#94a3b8" strokeDasharray="2 2" />
          </svg>
          No scans that week
        </li>
      ) : null}
    </ul>
  );
}

export default async function TrendsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const { scope } = await requireViewer("/trends");
  const view = await getTrends(scope, { weeks: sp.weeks });
  const latest = latestOf(view.points);
  const hrefFor = (w: number) => `/trends?weeks=${w}`;
  const pct = (v: number | null | undefined) => (v == null ? null : formatPercent(v));

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 max-w-3xl space-y-1">
          <h1 className="text-2xl font-semibold">Trends</h1>
          {view.headline ? <p className="text-lg text-slate-900">{view.headline}</p> : null}
          <p className="text-sm text-slate-600">
            Weekly snapshots: each domain&apos;s last scan in each week (Monday to Sunday, UTC). Only domains scanned in a week count in that week.
          </p>
        </div>
        <PeriodSelect periods={TREND_PERIODS} current={view.weeks} hrefFor={hrefFor} />
      </header>

      {view.pointsWithData === 0 ? (
        <EmptyState title={`No scans in the last ${view.weeks} weeks`}>
          <p>
            Three charts appear here as soon as a scan finishes: the grade distribution, how many domains are exposed to STARTTLS stripping, and the adoption of
            MTA-STS, DANE and DMARC — each as one point per week, from every domain&apos;s last scan that week. Lines that show change need scans in a second week
            (from {formatDay(view.nextWeekStart)} at the earliest). Scan your domains from the{" "}
            <Link href="/" className="text-blue-700 underline">
              domain list
            </Link>
            .
          </p>
        </EmptyState>
      ) : (
        <>
          {view.pointsWithData < 2 ? (
            <p role="note" className="flex items-start gap-2 rounded-md border border-slate-300 bg-white p-3 text-sm text-slate-800">
              <Info aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-slate-600" />
              <span>
                Trends need two weekly snapshots; there is one so far, so each chart below shows a single week. Scans from {formatDay(view.nextWeekStart)} on add the
                second point, and the charts then show the change.
              </span>
            </p>
          ) : null}
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard
              id="grades"
              className="lg:col-span-2"
              title="Grade distribution, weekly"
              takeaway={view.cards.grades.takeaway}
              denominator={view.cards.grades.denominator}
              chart={<GradeDistributionChart points={view.points} />}
              legend={<GradeLegend gaps={view.gaps > 0} />}
              note={gapNote(view)}
              table={<TrendDataTable table={trendTable(view, "grades")} caption="Grade distribution per week: counts and shares of the domains scanned that week" />}
              csvHref={csvHref("grades", view.weeks)}
            />
            <ChartCard
              id="exposure"
              title="Exposed to STARTTLS stripping"
              takeaway={view.cards.exposure.takeaway}
              denominator={view.cards.exposure.denominator}
              chart={<ExposureChart points={view.points} series={EXPOSURE_SERIES} />}
              legend={
                <LineLegend
                  series={EXPOSURE_SERIES}
                  latest={{
                    exposed: latest?.exposed != null && latest.acceptsMail ? `${latest.exposed} of ${latest.acceptsMail} (${pct(latest.exposedShare)})` : null,
                    inconclusive: latest?.inconclusive != null ? String(latest.inconclusive) : null,
                  }}
                />
              }
              note={[`Count of domains; inconclusive (no verdict, e.g. MX unreachable) is its own line, never folded into exposed or protected.`, gapNote(view)].filter(Boolean).join(" ")}
              table={<TrendDataTable table={trendTable(view, "exposure")} caption="STARTTLS-stripping exposure per week, of the domains that accept mail" />}
              csvHref={csvHref("exposure", view.weeks)}
            />
            <ChartCard
              id="adoption"
              title="Adoption"
              takeaway={view.cards.adoption.takeaway}
              denominator={view.cards.adoption.denominator}
              chart={<AdoptionChart points={view.points} series={ADOPTION_SERIES} />}
              legend={
                <LineLegend
                  series={ADOPTION_SERIES}
                  latest={{ mtaStsEnforceShare: pct(latest?.mtaStsEnforceShare), daneValidShare: pct(latest?.daneValidShare), dmarcEnforceShare: pct(latest?.dmarcEnforceShare) }}
                />
              }
              note={["MTA-STS in enforce mode; DANE with valid, matching, DNSSEC-signed TLSA; DMARC at quarantine or reject.", gapNote(view)].filter(Boolean).join(" ")}
              table={<TrendDataTable table={trendTable(view, "adoption")} caption="Adoption of MTA-STS enforce, DANE and enforcing DMARC per week" />}
              csvHref={csvHref("adoption", view.weeks)}
            />
          </div>
        </>
      )}
    </div>
  );
}
