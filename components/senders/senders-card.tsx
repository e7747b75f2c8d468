import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { SenderSummary } from "@/lib/report/senders/view-types";
import { fmt, sendersHref, share } from "./format";

function Breakdown({ title, rows, total, empty }: { title: string; rows: { key: string; label: ReactNode; value: number }[]; total: number; empty: string }) {
  return (
    <div className="min-w-0">
      <h3 className="mb-1 text-sm font-medium text-slate-800">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {rows.map((r) => (
            <li key={r.key} className="flex justify-between gap-3">
              <span className="min-w-0">{r.label}</span>
              <span className="shrink-0 tabular-nums text-slate-700">
                {fmt(r.value)} <span className="text-slate-500">({share(r.value, total)})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * "What senders saw" on the domain report (docs/ui.md §5.8): the last 30 days of TLS-RPT sessions
 * and failures, by result type, by sending organisation and by MX/address, and the DMARC volume.
 * Every reported string (types, org names, host names, addresses) is untrusted text.
 */
export function SendersCard({ summary }: { summary: SenderSummary }) {
  const { tls, dmarc, reports } = summary;
  const none = reports.tlsrpt === 0 && reports.dmarc === 0;
  return (
    <Card labelledBy="senders-h" id="senders">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="senders-h" className="text-lg font-semibold">
          What senders saw
        </h2>
        <p className="text-xs text-slate-600">
          Last 30 days ({summary.since} – {summary.until}, UTC) · {fmt(reports.tlsrpt)} TLS report{reports.tlsrpt === 1 ? "" : "s"} · {fmt(reports.dmarc)} DMARC report{reports.dmarc === 1 ? "" : "s"}
        </p>
      </div>
      {none ? (
        <div className="mt-2 space-y-1 text-sm text-slate-700">
          <p>No reports yet. Senders send daily reports to the addresses the domain publishes:</p>
          <ul className="list-disc pl-5">
            <li>
              TLS-RPT: <code className="font-mono">_smtp._tls.{summary.domain}</code> TXT <code className="font-mono">v=TLSRPTv1; rua=…</code> (RFC 8460)
            </li>
            <li>
              DMARC: <code className="font-mono">rua=mailto:…</code> in <code className="font-mono">_dmarc.{summary.domain}</code> (RFC 7489)
            </li>
          </ul>
          <p>
            The receiving address for this workspace is under{" "}
            <Link href="/settings/reports" className="text-blue-700 underline">
              Settings · Reports
            </Link>
            .
          </p>
        </div>
      ) : (
        <div className="mt-3 space-y-4">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <div>
              <dt className="text-xs text-slate-600">TLS sessions reported</dt>
              <dd className="text-xl font-semibold tabular-nums">{fmt(tls.sessions)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-600">Failed sessions</dt>
              <dd className="text-xl font-semibold tabular-nums">
                {fmt(tls.failures)} <span className="text-sm font-normal text-slate-600">of {fmt(tls.sessions)} ({share(tls.failures, tls.sessions)})</span>
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-600">DMARC messages</dt>
              <dd className="text-xl font-semibold tabular-nums">{fmt(dmarc.messages)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-600">Failing DMARC</dt>
              <dd className="text-xl font-semibold tabular-nums">
                {fmt(dmarc.fail)} <span className="text-sm font-normal text-slate-600">of {fmt(dmarc.messages)} ({share(dmarc.fail, dmarc.messages)})</span>
              </dd>
            </div>
          </dl>
          {tls.failures > 0 ? (
            <div className="grid gap-4 md:grid-cols-3">
              <Breakdown
                title="Failures by result type"
                total={tls.failures}
                empty="No failures."
                rows={tls.byType.map((t) => ({ key: t.label, label: <UntrustedText value={t.label} mono />, value: t.sessions }))}
              />
              <Breakdown
                title="Failures by sending organisation"
                total={tls.failures}
                empty="No failures."
                rows={tls.byOrg.filter((o) => o.failures > 0).map((o) => ({ key: o.org, label: <UntrustedText value={o.org} />, value: o.failures }))}
              />
              <Breakdown
                title="Failures by MX / address"
                total={tls.failures}
                empty="No MX or address reported."
                rows={tls.byMx.map((m) => ({
                  key: `${m.mx ?? ""}|${m.ip ?? ""}`,
                  label: (
                    <>
                      <UntrustedText value={m.mx ?? "(no MX named)"} mono />
                      {m.ip ? (
                        <>
                          {" "}
                          <UntrustedText value={m.ip} mono className="text-slate-600" />
                        </>
                      ) : null}
                    </>
                  ),
                  value: m.failures,
                }))}
              />
            </div>
          ) : tls.sessions > 0 ? (
            <p className="text-sm text-slate-700">No failed TLS sessions reported.</p>
          ) : null}
          {reports.unverified > 0 ? <p className="text-xs text-slate-600">Includes {fmt(reports.unverified)} mail report{reports.unverified === 1 ? "" : "s"} that could not be verified; they never raise alerts.</p> : null}
          <p className="no-print text-sm">
            <Link href={sendersHref(summary.domain)} className="text-blue-700 underline">
              Timeline, DMARC sources and readiness
            </Link>
          </p>
        </div>
      )}
    </Card>
  );
}
