import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { DmarcView, ReadinessVerdict } from "@/components/senders/dmarc-view";
import { SendersCard } from "@/components/senders/senders-card";
import { SenderTimeline } from "@/components/senders/sender-timeline";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError } from "@/lib/services/errors";
import { getSendersPage } from "@/lib/services/senders/views";
import { decodeParam } from "../_components/params";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Senders · ${decodeParam((await params).domain) ?? "Domain"}` };
}

/** What senders saw (docs/ui.md §5.8): the report card, the timeline over the scans, the DMARC view and the readiness verdict. */
export default async function SendersPage({ params }: Props) {
  const name = decodeParam((await params).domain);
  if (name === null) notFound();
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}/senders`);
  const view = await getSendersPage(scope, name).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { summary, timeline, dmarc, readiness } = view;
  return (
    <div className="space-y-6">
      <DomainTabs domain={summary.domain} active="senders" />
      <header>
        <h1 className="text-2xl font-semibold">
          What senders saw for <span className="font-mono [overflow-wrap:anywhere]">{summary.domain}</span>
        </h1>
        <p className="text-sm text-slate-600">
          From the TLS-RPT (RFC 8460) and DMARC aggregate (RFC 7489) reports that senders sent; days are UTC.{" "}
          <a className="text-sky-800 underline" href={`/domains/${encodeURIComponent(summary.domain)}/senders/csv`} download>
            Download the reports of the last 90 days (CSV)
          </a>
        </p>
      </header>

      <Card labelledBy="readiness-h">
        <h2 id="readiness-h" className="mb-2 text-base font-semibold">
          DMARC enforcement
        </h2>
        <p className="mb-2 text-sm text-slate-600">Published policy (latest scan): {view.policy ? <code className="font-mono">p={view.policy}</code> : "none"}</p>
        <ReadinessVerdict readiness={readiness} />
      </Card>

      <SendersCard summary={summary} />

      <Card labelledBy="timeline-h">
        <h2 id="timeline-h" className="mb-2 text-base font-semibold">
          Timeline
        </h2>
        <SenderTimeline since={timeline.since} until={summary.until} days={timeline.days} scans={timeline.scans} />
      </Card>

      <Card labelledBy="dmarc-h">
        <h2 id="dmarc-h" className="mb-2 text-base font-semibold">
          DMARC sources (last 30 days)
        </h2>
        <DmarcView bySource={dmarc.bySource} topFailing={dmarc.topFailing} dispositions={dmarc.dispositions} messages={summary.dmarc.messages} />
      </Card>
    </div>
  );
}
