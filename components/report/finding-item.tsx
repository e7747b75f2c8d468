import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { FindingGroup } from "@/lib/report/areas";
import { hasSuggestedFix } from "@/lib/report/areas";
import { CopyButton } from "@/components/ui/copy-button";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { CatalogueText, Chip, HostName, RfcRefs } from "./parts";
import { SeverityBadge } from "./severity-badge";

const EFFORT_WORD: Record<string, string> = { minutes: "Effort: minutes", hours: "Effort: hours", project: "Effort: a project" };

/**
 * One finding id with everything needed to act on it (docs/ui.md §4 FindingItem): severity, title,
 * hosts, who fixes it and how big the job is, what was observed, why it matters, the fix, the RFC,
 * and the stable id to paste into a ticket.
 */
export function FindingItem({ group, fixHref, headingLevel = 4 }: { group: FindingGroup; fixHref?: string; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? "h3" : "h4";
  const hosts = group.items.map((i) => i.host).filter((h): h is string => Boolean(h));
  const titleId = `${group.anchor}-title`;
  return (
    <article id={group.anchor} aria-labelledby={titleId} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 target:ring-2 target:ring-blue-600 print:break-inside-avoid">
      <div className="flex flex-wrap items-start gap-2">
        <SeverityBadge severity={group.severity} />
        <H id={titleId} className="min-w-0 flex-1 font-semibold text-slate-900">
          {group.title}
        </H>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-1.5">
        {hosts.map((h, i) => (
          <Chip key={i} mono>
            <HostName name={h} />
          </Chip>
        ))}
        {group.owner ? <Chip title="Who fixes it">Owner: {group.owner}</Chip> : null}
        {group.effort ? <Chip title="Rough size of the fix">{EFFORT_WORD[group.effort] ?? group.effort}</Chip> : null}
      </div>
      <div className="mt-3 space-y-1 text-sm text-slate-800">
        {group.items.map((item, i) => (
          <p key={i} data-finding-instance="">
            {group.items.length > 1 && item.host ? (
              <span className="font-medium">
                <HostName name={item.host} />:{" "}
              </span>
            ) : null}
            <UntrustedText value={item.detail} />
          </p>
        ))}
      </div>
      {group.explanation ? (
        <p className="mt-2 text-sm text-slate-600">
          <span className="font-medium text-slate-700">Why it matters: </span>
          <CatalogueText text={group.explanation} />
        </p>
      ) : null}
      <div className="mt-3 rounded-md border-l-4 border-blue-700 bg-slate-50 px-3 py-2 text-sm print:border-black print:bg-white">
        <span className="font-semibold">Fix: </span>
        <CatalogueText text={group.fix} />
        {fixHref && hasSuggestedFix(group.id) ? (
          <Link href={fixHref} className="no-print ml-2 inline-flex items-center gap-0.5 font-medium whitespace-nowrap text-blue-700 hover:underline">
            See the suggested file <ArrowRight aria-hidden className="h-3.5 w-3.5" />
          </Link>
        ) : null}
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <span>{group.rfc ? <>Reference: <RfcRefs text={group.rfc} /></> : null}</span>
        <span className="inline-flex items-center gap-2">
          <span>
            id <code className="font-mono text-slate-800">{group.id}</code>
          </span>
          <CopyButton text={group.id} label={`Copy finding id ${group.id}`} />
        </span>
      </div>
    </article>
  );
}
