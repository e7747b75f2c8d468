import type { FindingGroup } from "@/lib/report/areas";
import type { Severity } from "@/lib/scan/types";
import { FindingItem } from "./finding-item";

const GROUP_TITLE: Record<Severity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" };
const ORDER: Severity[] = ["critical", "high", "medium", "low"];

/** All findings grouped by severity; info collapsed (it needs no action). */
export function FindingsSection({ groups, fixHref }: { groups: FindingGroup[]; fixHref?: string }) {
  const info = groups.filter((g) => g.severity === "info");
  const actionable = groups.length - info.length;
  return (
    <section id="findings" aria-labelledby="findings-h" className="scroll-mt-4 space-y-4">
      <div>
        <h2 id="findings-h" className="text-lg font-semibold">
          All findings ({groups.length})
        </h2>
        <p className="text-sm text-slate-600">
          {actionable === 0 ? "Nothing to fix." : `${actionable} to act on, worst first.`} Each id is stable: quote it in tickets.
        </p>
      </div>
      {ORDER.map((sev) => {
        const list = groups.filter((g) => g.severity === sev);
        if (list.length === 0) return null;
        return (
          <section key={sev} aria-labelledby={`findings-${sev}-h`} className="space-y-2">
            <h3 id={`findings-${sev}-h`} className="text-sm font-semibold uppercase tracking-wide text-slate-600">
              {GROUP_TITLE[sev]} ({list.length})
            </h3>
            <div className="space-y-3">
              {list.map((g) => (
                <FindingItem key={g.id} group={g} fixHref={fixHref} />
              ))}
            </div>
          </section>
        );
      })}
      {info.length > 0 ? (
        <details className="group rounded-lg border border-slate-200 bg-white">
          <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-700">
            Info ({info.length}) — for the record, no action needed
          </summary>
          <div className="space-y-3 border-t border-slate-200 p-3">
            {info.map((g) => (
              <FindingItem key={g.id} group={g} fixHref={fixHref} />
            ))}
          </div>
        </details>
      ) : null}
    </section>
  );
}
