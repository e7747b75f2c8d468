import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_auth/viewer";
import { Card, EmptyState } from "@/components/ui/card";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { RelativeTime } from "@/components/time";
import { roleCan } from "@/lib/services/access/roles";
import { listRawReports } from "@/lib/services/ingest/list-raw-reports";
import { getMailboxState } from "@/lib/services/ingest/mailbox-settings";
import { getIngestReceiverState } from "@/lib/services/ingest/token";
import { MAX_UPLOAD_FILES, UPLOAD_EXTENSIONS } from "@/lib/services/ingest/upload";
import { buttonClass } from "@/components/ui/button";
import { createIngestTokenAction, saveMailboxAction, uploadReportsAction } from "./actions";
import { ReceiverTokenForm } from "./_components/receiver-token-form";
import { UploadReportsForm } from "./_components/upload-reports-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sender reports" };

const th = "px-2 py-1.5 text-left font-medium text-slate-700 whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

const CHANNEL: Record<string, string> = { https: "HTTPS receiver", imap: "Mailbox", upload: "Upload" };
const KIND: Record<string, string> = { tlsrpt: "TLS-RPT", dmarc: "DMARC aggregate" };
const STATUS: Record<string, string> = { pending: "Waiting", parsed: "Stored", duplicate: "Duplicate", rejected: "Rejected", failed: "Failed" };

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
}

/** Where the senders' TLS-RPT and DMARC aggregate reports arrive, uploads of report files, and what became of each file. */
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export default async function SenderReportsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const viewer = await requireViewer("/settings/reports");
  const { scope } = viewer;
  const [receiver, mailbox, raws] = await Promise.all([getIngestReceiverState(scope), getMailboxState(scope), listRawReports(scope)]);
  const now = new Date();
  const error = typeof sp.error === "string" ? sp.error : null;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / Sender reports
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Sender reports for {viewer.workspace.name}</h1>
        <p className="text-sm text-slate-600">
          Mail servers that deliver to your domains report what happened: TLS failures (TLS-RPT, RFC 8460) and who sends as your domains (DMARC aggregate
          reports). Reports are accepted only for this workspace&apos;s domains; each file is stored once.
        </p>
      </header>

      <Card labelledBy="receiver-h">
        <h2 id="receiver-h" className="text-base font-semibold">HTTPS receiver for TLS reports</h2>
        <p className="mb-3 text-sm text-slate-600">
          {receiver.hasToken ? (
            <>
              A receiver address exists{receiver.tokenCreatedAt ? <> (made <RelativeTime date={receiver.tokenCreatedAt} now={now} />)</> : null}. It has the form{" "}
              <code className="font-mono text-xs">{receiver.receiverBase}&lt;token&gt;</code>; the token was shown once, when it was made.
            </>
          ) : (
            <>No receiver address yet. Make one and publish it in each domain&apos;s <code className="font-mono text-xs">_smtp._tls</code> TXT record as <code className="font-mono text-xs">rua=https://…</code>.</>
          )}
        </p>
        {roleCan(scope.role, "manage") ? (
          <ReceiverTokenForm action={createIngestTokenAction} hasToken={receiver.hasToken} />
        ) : (
          <p className="text-sm text-slate-600">Owners and admins make or replace the receiver address; your role here is {scope.role}.</p>
        )}
      </Card>

      <Card labelledBy="mailbox-h">
        <h2 id="mailbox-h" className="text-base font-semibold">Report mailbox (IMAP)</h2>
        <p className="mb-3 text-sm text-slate-600">
          DMARC aggregate reports (and TLS reports sent by mail) arrive at the <code className="font-mono text-xs">rua=mailto:</code> address. Name that mailbox here and it is
          read every few minutes; a message is moved (or marked read) only after its reports are stored. A report by mail counts only when the message&apos;s DKIM
          signature verifies for its sender (and, for DMARC reports, the sender&apos;s DMARC passes); any other is kept as unverified and never raises an alert.
        </p>
        {mailbox.configured ? (
          <p className="mb-3 text-sm">
            Reading <code className="font-mono text-xs [overflow-wrap:anywhere]">{mailbox.urlWithoutPassword}</code>, mailbox <code className="font-mono text-xs">{mailbox.mailbox}</code>
            {mailbox.doneMailbox ? <>, moving processed mail to <code className="font-mono text-xs">{mailbox.doneMailbox}</code></> : ", marking processed mail read"}.{" "}
            {mailbox.lastPollAt ? <>Last read <RelativeTime date={mailbox.lastPollAt} now={now} />.</> : "Not read yet."}
          </p>
        ) : null}
        {mailbox.lastError ? <p role="alert" className="mb-3 text-sm text-red-800">Last attempt failed: <UntrustedText value={mailbox.lastError} maxBytes={300} /></p> : null}
        {error ? <p role="alert" className="mb-2 text-sm text-red-800">{error}</p> : null}
        {sp.saved === "mailbox" ? <p role="status" className="mb-2 text-sm text-green-800">Mailbox settings saved.</p> : null}
        {roleCan(scope.role, "manage") ? (
          <form action={saveMailboxAction} className="flex flex-wrap items-end gap-3">
            <label className="text-sm text-slate-700">
              <span className="mb-1 block font-medium">IMAP URL</span>
              <input name="url" type="password" autoComplete="off" placeholder="imaps://reports%40example.com:password@imap.example.com" className={`${field} w-96`} />
              <span className="mt-1 block text-xs text-slate-600">With user name and password; enter it in full on every change. Empty: stop reading mail.</span>
            </label>
            <label className="text-sm text-slate-700">
              <span className="mb-1 block font-medium">Mailbox</span>
              <input name="mailbox" required defaultValue={mailbox.mailbox} className={`${field} w-32`} />
            </label>
            <label className="text-sm text-slate-700">
              <span className="mb-1 block font-medium">Move processed mail to</span>
              <input name="doneMailbox" defaultValue={mailbox.doneMailbox} placeholder="(mark read)" className={`${field} w-40`} />
            </label>
            <button type="submit" className={buttonClass("secondary")}>Save mailbox</button>
          </form>
        ) : (
          <p className="text-sm text-slate-600">Owners and admins set the mailbox; your role here is {scope.role}.</p>
        )}
      </Card>

      <Card labelledBy="upload-h">
        <h2 id="upload-h" className="text-base font-semibold">Upload report files</h2>
        <p className="mb-3 text-sm text-slate-600">Reports you received by mail elsewhere: the attachments as they came (compressed or not).</p>
        {roleCan(scope.role, "write") ? (
          <UploadReportsForm action={uploadReportsAction} accept={UPLOAD_EXTENSIONS.join(",")} maxFiles={MAX_UPLOAD_FILES} />
        ) : (
          <p className="text-sm text-slate-600">Your role here ({scope.role}) can see reports but not upload them.</p>
        )}
      </Card>

      <Card labelledBy="received-h">
        <h2 id="received-h" className="text-base font-semibold">Recently received</h2>
        {raws.length === 0 ? (
          <EmptyState title="No reports received yet">Files posted to the receiver or uploaded here appear in this list.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="raw-reports">
              <thead className="border-b border-slate-200">
                <tr>
                  <th scope="col" className={th}>Received</th>
                  <th scope="col" className={th}>Via</th>
                  <th scope="col" className={th}>Kind</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Report</th>
                  <th scope="col" className={th}>Verified</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {raws.map((r) => (
                  <tr key={r.id}>
                    <td className={td}><RelativeTime date={r.receivedAt} now={now} /></td>
                    <td className={td}>
                      {CHANNEL[r.channel] ?? r.channel}
                      {r.filename ? <span className="block text-xs text-slate-600"><UntrustedText value={r.filename} mono maxBytes={120} /></span> : null}
                      <span className="block text-xs text-slate-500">{kb(r.bytes)}</span>
                    </td>
                    <td className={td}>{r.kind ? (KIND[r.kind] ?? r.kind) : "—"}</td>
                    <td className={td}>
                      {STATUS[r.status] ?? r.status}
                      {r.error ? <span className="block max-w-md text-xs text-red-800"><UntrustedText value={r.error} maxBytes={300} /></span> : null}
                    </td>
                    <td className={td}>
                      {r.reports.length === 0
                        ? "—"
                        : r.reports.map((x) => (
                            <span key={`${x.orgName}/${x.reportId}`} className="block">
                              <UntrustedText value={x.orgName} maxBytes={120} /> for {x.domain}
                              {x.conflict ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">same id, other content received</span> : null}
                            </span>
                          ))}
                    </td>
                    <td className={td}>{r.verified === null ? <span className="text-slate-500">not mail</span> : r.verified ? "yes" : "no — never alerts"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
