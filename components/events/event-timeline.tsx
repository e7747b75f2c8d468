import Link from "next/link";
import { GitCompareArrows } from "lucide-react";
import { compareHref } from "@/components/history/format";
import { SeverityBadge } from "@/components/report/severity-badge";
import { RelativeTime } from "@/components/time";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { Severity } from "@/lib/scan/types";

export type EventRow = {
  id: string;
  domain: string;
  kind: string;
  severity: string;
  before: string | null;
  after: string | null;
  summary: string;
  at: string;
  scanId: string | null;
  previousScanId: string | null;
};

/** Words for event kinds (docs/monitoring.md, "Events"). */
export const EVENT_KIND_LABEL: Record<string, string> = {
  "grade-drop": "Grade dropped",
  "finding-new": "New finding",
  "exposure-change": "Exposure changed",
  "mx-change": "MX set changed",
  "mta-sts-mode-change": "MTA-STS mode changed",
  "mta-sts-policy-change": "MTA-STS policy changed",
  "mta-sts-id-change": "MTA-STS id changed",
  "mta-sts-policy-changed-id-unchanged": "Policy changed, id unchanged",
  "dane-key-unmatched": "Key not matched by TLSA",
  "cert-expiry": "Certificate expiring",
  "dnssec-bogus": "DNSSEC bogus",
  "dmarc-weakened": "DMARC weakened",
  "sender-failure-new": "New failure reported by senders",
  "sender-possible-stripping": "Possible STARTTLS stripping",
  "sender-unknown-receiving-ip": "Delivered to an unknown address",
  "sender-policy-mismatch": "Senders applied another policy",
  "sender-failures-after-change": "Failures after a change",
  "sender-silent": "Reporter gone silent",
  "not-graded": "Could not be graded",
};

/**
 * A timeline of change events, newest first: what changed, before → after, and a link to the
 * comparison of the two scans. Summaries and before/after values quote DNS and SMTP data (host
 * names, policy ids), so they render through UntrustedText (docs/ui.md §7).
 */
export function EventTimeline({ events, now, showDomain }: { events: EventRow[]; now: Date; showDomain: boolean }) {
  return (
    <ol className="divide-y divide-slate-200" aria-label="Events, newest first">
      {events.map((e) => (
        <li key={e.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:gap-4">
          <div className="w-56 shrink-0 text-sm text-slate-600">
            <RelativeTime date={e.at} now={now} />
          </div>
          <div className="min-w-0 flex-1 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={e.severity as Severity} />
              <span className="text-sm font-medium text-slate-900">{EVENT_KIND_LABEL[e.kind] ?? e.kind}</span>
              {showDomain ? (
                <Link href={`/domains/${encodeURIComponent(e.domain)}/events`} className="font-mono text-sm text-blue-700 underline-offset-2 [overflow-wrap:anywhere] hover:underline">
                  {e.domain}
                </Link>
              ) : null}
            </div>
            <p className="text-sm text-slate-800">
              <UntrustedText value={e.summary} keepWords />
            </p>
            {e.before !== null || e.after !== null ? (
              <p className="text-xs text-slate-600">
                {e.before === null ? <span>none</span> : <UntrustedText value={e.before} mono />} → {e.after === null ? <span>none</span> : <UntrustedText value={e.after} mono />}
              </p>
            ) : null}
          </div>
          {e.scanId && e.previousScanId ? (
            <Link href={compareHref(e.domain, e.previousScanId, e.scanId)} className="no-print inline-flex shrink-0 items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
              <GitCompareArrows aria-hidden className="h-4 w-4" />
              Compare scans
            </Link>
          ) : (
            <Link href={`/domains/${encodeURIComponent(e.domain)}/senders`} className="no-print inline-flex shrink-0 items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
              What senders reported
            </Link>
          )}
        </li>
      ))}
    </ol>
  );
}
