import { groupFindings, type FindingGroup } from "@/lib/report/areas";
import { countFindings, findingsWord } from "@/lib/report/summary";
import { SEVERITY_ORDER } from "@/lib/report/verdict";
import type { Finding, Severity } from "@/lib/scan/types";
import { FindingItem } from "./finding-item";

const GROUP_TITLE: Record<Severity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" };

/**
 * Each severity's findings, grouped by id with their hosts. Grouping happens per severity, so a
 * finding raised as critical on one MX and medium on another is listed under both headings and
 * each heading's count is exactly the findings listed under it. The first listing of an id keeps
 * the id's anchor (`#finding-<id>`, linked from "Why not higher"); later ones get a suffixed one.
 */
function bySeverity(findings: readonly Finding[]): { severity: Severity; groups: FindingGroup[]; count: number }[] {
  const seen = new Set<string>();
  return SEVERITY_ORDER.map((severity) => {
    const mine = findings.filter((f) => f.severity === severity);
    const groups = groupFindings(mine).map((g) => {
      const anchor = seen.has(g.id) ? `${g.anchor}-${severity}` : g.anchor;
      seen.add(g.id);
      return { ...g, anchor };
    });
    return { severity, groups, count: countFindings(mine).total };
  });
}

/** All findings grouped by severity; info collapsed (it needs no action). Counts come from ../../lib/report/summary.ts countFindings. */
export function FindingsSection({ findings, fixHref }: { findings: readonly Finding[]; fixHref?: string }) {
  const counts = countFindings(findings);
  const sections = bySeverity(findings);
  const actionable = counts.total - counts.bySeverity.info;
  const info = sections.find((s) => s.severity === "info")!;
  return (
    <section id="findings" aria-labelledby="findings-h" className="scroll-mt-4 space-y-4">
      <div>
        <h2 id="findings-h" className="text-lg font-semibold">
          All findings ({counts.total})
        </h2>
        <p className="text-sm text-slate-600">
          {actionable === 0 ? "Nothing to fix." : `${findingsWord(actionable)} to act on, worst first; a finding counts once per host it concerns.`} Each id is stable: quote it in tickets.
        </p>
      </div>
      {sections.map(({ severity, groups, count }) => {
        if (severity === "info" || count === 0) return null;
        return (
          <section key={severity} aria-labelledby={`findings-${severity}-h`} className="space-y-2" data-testid={`findings-${severity}`}>
            <h3 id={`findings-${severity}-h`} className="text-sm font-semibold uppercase tracking-wide text-slate-600">
              {GROUP_TITLE[severity]} ({count})
            </h3>
            <div className="space-y-3">
              {groups.map((g) => (
                <FindingItem key={g.anchor} group={g} fixHref={fixHref} />
              ))}
            </div>
          </section>
        );
      })}
      {info.count > 0 ? (
        <details className="group rounded-lg border border-slate-200 bg-white">
          <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-700">
            Info ({info.count}) — for the record, no action needed
          </summary>
          <div className="space-y-3 border-t border-slate-200 p-3">
            {info.groups.map((g) => (
              <FindingItem key={g.anchor} group={g} fixHref={fixHref} />
            ))}
          </div>
        </details>
      ) : null}
    </section>
  );
}
