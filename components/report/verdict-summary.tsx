import type { FindingGroup } from "@/lib/report/areas";
import { anchorOf } from "@/lib/report/areas";
import { gradingRules, whyNotHigher } from "@/lib/report/why-not-higher";
import type { ScanReport } from "@/lib/scan/types";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { GradeBadge } from "./grade-badge";
import { HostName } from "./parts";
import { SeverityBadge } from "./severity-badge";

function GradingExplainer() {
  const rules = gradingRules();
  return (
    <details className="mt-3 rounded-md border border-slate-200 text-sm print:hidden">
      <summary className="cursor-pointer px-3 py-2 font-medium text-blue-800 hover:bg-slate-50">How grading works</summary>
      <div className="space-y-3 px-3 pb-3 text-slate-700">
        <p>
          Every scan starts at 100. Each distinct finding id costs points by its severity — once, however many MX hosts it concerns, and findings of one cause (an MX&apos;s certificate and the MTA-STS finding it causes) once together. Critical and high findings also cap the grade, whatever the score.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <table className="w-full text-left text-sm">
            <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">Cost per finding</caption>
            <thead>
              <tr className="text-xs text-slate-500">
                <th scope="col" className="py-1 pr-2 font-medium">Severity</th>
                <th scope="col" className="py-1 pr-2 font-medium">Points</th>
                <th scope="col" className="py-1 font-medium">Grade cap</th>
              </tr>
            </thead>
            <tbody>
              {rules.penalties.map((p) => (
                <tr key={p.severity} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-2 font-normal"><SeverityBadge severity={p.severity} /></th>
                  <td className="py-1 pr-2">−{p.points}</td>
                  <td className="py-1">{p.cap ? `at most ${p.cap}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="w-full text-left text-sm">
            <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">Grade by score</caption>
            <thead>
              <tr className="text-xs text-slate-500">
                <th scope="col" className="py-1 pr-2 font-medium">Grade</th>
                <th scope="col" className="py-1 font-medium">Score</th>
              </tr>
            </thead>
            <tbody>
              {rules.floors.map((f) => (
                <tr key={f.grade} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-2 font-semibold">{f.grade}</th>
                  <td className="py-1">{f.min} or more</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </details>
  );
}

/** Grade, the verdict sentence and "Why not higher" (docs/ui.md §5.2, after SSL Labs' cap notices). */
export function VerdictSummary({ report, sentence, groups }: { report: ScanReport; sentence: string; groups: FindingGroup[] }) {
  const why = whyNotHigher(report.findings);
  const sumMatches = why.score === report.score && why.grade === report.grade;
  return (
    <section aria-labelledby="verdict-h" className="rounded-lg border border-slate-200 bg-white p-4 print:break-inside-avoid">
      <h2 id="verdict-h" className="sr-only">
        Grade and verdict
      </h2>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-4 gap-y-2 sm:items-start">
        <div className="sm:row-span-2">
          <GradeBadge grade={report.grade} score={report.score} notGraded={report.notGraded} size="lg" />
        </div>
        {report.notGraded ? (
          <p role="status" className="rounded-md border border-dashed border-slate-400 bg-slate-50 px-2 py-1 text-sm font-medium text-slate-800">
            Not graded: <UntrustedText value={report.notGraded} />
          </p>
        ) : (
          <p className="text-sm font-medium text-slate-600">
            Grade {report.grade} · {report.score}/100
          </p>
        )}
        <p className="col-span-2 text-lg leading-snug text-slate-900 sm:col-span-1 sm:col-start-2">
          <UntrustedText value={sentence} />
        </p>
      </div>
      <div className="mt-4 border-t border-slate-100 pt-3">
        <h3 className="text-sm font-semibold text-slate-800">{report.notGraded ? "Why no grade" : "Why not higher"}</h3>
        {report.notGraded ? (
          <p className="mt-1 text-sm text-slate-600">
            A grade judges what a domain publishes. This scan saw nothing to judge, so it has no grade and is left out of the portfolio&apos;s figures and trends; a
            rescan grades the domain once its records can be read.
          </p>
        ) : why.deductions.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">Nothing was deducted: no finding above info.</p>
        ) : (
          <>
            <ol className="mt-2 space-y-1.5">
              {why.deductions.map((d) => {
                const anchor = anchorOf(groups, d.id);
                return (
                  <li key={d.id} className="grid grid-cols-[2.75rem_minmax(0,1fr)] items-baseline gap-x-2 text-sm">
                    <span className="text-right font-mono font-semibold tabular-nums text-slate-800">{d.countedWith ? "—" : `−${d.points}`}</span>
                    <span className="min-w-0">
                      <span className="mr-2 inline-block align-middle">
                        <SeverityBadge severity={d.severity} />
                      </span>
                      {anchor ? (
                        <a href={`#${anchor}`} className="text-blue-700 hover:underline">
                          {d.title}
                        </a>
                      ) : (
                        <span>{d.title}</span>
                      )}
                      {d.hosts.length > 0 || d.cap || d.countedWith ? (
                        <span className="ml-2 inline-flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
                          {d.hosts.length > 1 ? <span>{d.hosts.length} hosts, counted once</span> : d.hosts.length === 1 ? <HostName name={d.hosts[0]!} /> : null}
                          {d.countedWith ? <span>same cause as {d.countedWith}: counted once</span> : null}
                          {d.cap ? <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700 print:ring-1 print:ring-black">caps grade at {d.cap}</span> : null}
                        </span>
                      ) : null}
                    </span>
                  </li>
                );
              })}
            </ol>
            <p className="mt-2 text-sm text-slate-600">
              {sumMatches ? (
                <>
                  100 {why.deductions.filter((d) => d.points > 0).map((d) => `− ${d.points} `).join("")}= {why.score}
                  {why.score === 0 && 100 - why.deductions.reduce((s, d) => s + d.points, 0) < 0 ? " (floored at 0)" : ""}
                  {why.cappedBy ? ` → grade ${why.scoreGrade} by score, capped at ${why.cappedBy.grade}.` : "."}
                </>
              ) : (
                <>The stored score ({report.score}) was computed with the rules of its scan; the list above applies the current rules.</>
              )}
            </p>
          </>
        )}
        <GradingExplainer />
      </div>
    </section>
  );
}
