import type { AreaSummary } from "@/lib/report/area-facts";
import type { AreaMeta, FindingGroup } from "@/lib/report/areas";
import { areaTone } from "./area-card";
import { STATUS_META, StatusIcon } from "./status-label";

export type AreaChip = { meta: AreaMeta; summary: AreaSummary; groups: FindingGroup[] };

/** One chip per area (icon + name + status word) linking to its card; scrolls sideways on phones. */
export function AreaChips({ chips }: { chips: AreaChip[] }) {
  return (
    <nav aria-label="Areas" className="no-print -mx-4 px-4 md:mx-0 md:px-0">
      <ul className="flex gap-2 overflow-x-auto pb-1 md:flex-wrap md:overflow-visible">
        {chips.map(({ meta, summary, groups }) => (
          <li key={meta.key} className="shrink-0">
            <a
              href={`#${meta.anchor}`}
              className="inline-flex min-h-9 items-center gap-1.5 rounded-full border border-slate-300 bg-white px-3 py-1 text-sm whitespace-nowrap text-slate-900 hover:border-blue-600 hover:bg-blue-50"
            >
              <StatusIcon status={summary.status} tone={areaTone(summary, groups)} />
              <span className="font-medium">{meta.title}</span>
              <span className="text-slate-600">{STATUS_META[summary.status]?.word ?? summary.status}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
